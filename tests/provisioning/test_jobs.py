"""Jobs on huey, on both of its storages (SQLite file, Redis) and both databases: tenant context,
retries with backoff, locks, a deleted tenant, failures for operators, provisioning as a job."""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import redis
from click.testing import CliRunner
from flask import Flask

from kiblat.platform.jobs import failures
from kiblat.platform.jobs.queue import job_queue
from kiblat.platform.jobs.registry import job_handler
from kiblat.platform.jobs.runner import RETRY_BACKOFF, RETRY_DELAY, JobQueue, bind, drain, submit
from kiblat.platform.jobs.storage import make_huey
from kiblat.provisioning import deprovision
from kiblat.provisioning.jobs import provision
from kiblat.provisioning.run import run_progress
from kiblat.provisioning.spec import SpecError
from kiblat.tenants.context import get_current_tenant
from kiblat.tenants.registry import tenant_registry
from tests.jobs import LATER

REDIS_URL = os.environ.get("KIBLAT_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
calls: list[tuple[str | None, dict]] = []
gate = threading.Event()
entered = threading.Event()


@job_handler("test.record")
def _record(payload: dict) -> None:
    tenant = get_current_tenant()
    calls.append((tenant.slug if tenant else None, payload))


@job_handler("test.flaky")
def _flaky(payload: dict) -> None:
    calls.append(("flaky", payload))
    raise RuntimeError("layanan belum siap")


@job_handler("test.exclusive", lock="n")
def _exclusive(payload: dict) -> None:
    calls.append(("exclusive", payload))
    entered.set()
    assert gate.wait(30), "the test never opened the gate"


@pytest.fixture(params=["sqlite", "redis"])
def queue(request: pytest.FixtureRequest, app: Flask, tmp_path) -> Iterator[JobQueue]:
    """A fresh queue for the test app, on huey's SQLite storage or on Redis."""
    calls.clear()
    if request.param == "sqlite":
        yield bind(app, make_huey(str(tmp_path), None))
        return
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail(f"Redis at {REDIS_URL} is required for this test")
    huey = make_huey(str(tmp_path), REDIS_URL, name=f"kiblattest{uuid.uuid4().hex[:12]}")
    yield bind(app, huey)
    huey.storage.flush_all()
    for key in client.scan_iter(f"huey.*.{huey.name}*"):
        client.delete(key)


def test_job_runs_in_its_tenant(app_ctx, queue, make_tenant) -> None:
    tenant = make_tenant()
    submit(queue, "test.record", {"n": 1}, tenant.slug)
    submit(queue, "test.record", {"n": 2})
    assert queue.huey.pending_count() == 2
    assert drain(queue) == 2
    assert calls == [(tenant.slug, {"n": 1}), (None, {"n": 2})]
    assert queue.huey.pending_count() == 0 and not failures.all_failed(queue.huey)


def test_failures_are_retried_with_backoff_then_recorded(app_ctx, queue) -> None:
    job_id = submit(queue, "test.flaky", {"x": 1}, max_attempts=3)
    before = datetime.now(UTC).replace(tzinfo=None)
    drain(queue)
    after = datetime.now(UTC).replace(tzinfo=None)
    # The first attempt failed: the job waits RETRY_DELAY seconds, and the next wait is longer.
    [waiting] = queue.huey.scheduled()
    assert waiting.id == job_id and waiting.retries == 1
    assert before + timedelta(seconds=RETRY_DELAY) <= waiting.eta <= after + timedelta(seconds=RETRY_DELAY)
    assert waiting.retry_delay == RETRY_DELAY * RETRY_BACKOFF
    assert failures.get(queue.huey, job_id) is None
    drain(queue, now=LATER)  # the remaining attempts, without waiting
    assert len(calls) == 3
    failed = failures.get(queue.huey, job_id)
    assert (failed.kind, failed.attempts, failed.max_attempts) == ("test.flaky", 3, 3)
    assert failed.error == "RuntimeError: layanan belum siap"
    assert queue.huey.scheduled_count() == 0


def test_a_lock_keeps_the_same_job_from_running_twice_at_once(app_ctx, queue) -> None:
    gate.clear()
    entered.clear()
    submit(queue, "test.exclusive", {"n": 7})
    first = threading.Thread(target=drain, args=(queue,), kwargs={"limit": 1})
    first.start()
    assert entered.wait(30)  # a worker is running it, holding its lock
    submit(queue, "test.exclusive", {"n": 7})  # the same work again, picked up by a second worker
    assert drain(queue) == 1
    gate.set()
    first.join(30)
    assert calls == [("exclusive", {"n": 7})]  # the duplicate was skipped: not run, not failed
    assert not failures.all_failed(queue.huey) and queue.huey.scheduled_count() == 0
    submit(queue, "test.exclusive", {"n": 7})  # the lock is free again once the run ended
    drain(queue)
    assert len(calls) == 2


def test_a_lock_left_by_a_killed_worker_expires(app_ctx, queue) -> None:
    assert queue.huey.put_if_empty("kiblat.lock.probe", "1", 3600)
    assert not queue.huey.put_if_empty("kiblat.lock.probe", "1", 3600)
    if queue.huey.name == "kiblat":  # SQLite: expiry is checked when the lock is next taken
        assert queue.huey.put_if_empty("kiblat.lock.gone", "1", 0)
        assert queue.huey.put_if_empty("kiblat.lock.gone", "1", 0)


def test_a_job_for_a_deleted_tenant_fails_once_with_the_reason(app_ctx, queue, make_tenant, caplog) -> None:
    tenant = make_tenant()
    job_id = submit(queue, "test.record", {"n": 3}, tenant.slug)
    deprovision.archive_tenant(tenant.slug)
    deprovision.delete_tenant(tenant.slug, confirm=tenant.slug)
    with caplog.at_level(logging.ERROR, logger="kiblat.jobs"):
        assert drain(queue, now=LATER) == 1  # one attempt, no retries
    assert calls == []
    failed = failures.get(queue.huey, job_id)
    assert failed.error == f"regency {tenant.slug!r} no longer exists (deleted); the job was not run"
    assert failed.tenant_slug == tenant.slug and failed.attempts == 1
    assert "will not be retried" in caplog.text and tenant.slug in caplog.text
    assert queue.huey.scheduled_count() == 0 and queue.huey.pending_count() == 0


def test_operators_list_retry_and_purge_failed_jobs(app, backend) -> None:
    with app.app_context():
        queue = job_queue()
        # The queue is the session's: jobs other tests left due (mail for a regency since deleted)
        # run and fail now, not inside the counts below.
        drain(queue)
        for failed in failures.all_failed(queue.huey):
            failures.forget(queue.huey, failed.id)
        job_id = submit(queue, "test.flaky", {"cli": backend}, max_attempts=1)
        drain(queue)
    from kiblat.platform.cli.jobs import jobs_group

    runner = CliRunner()
    with app.app_context():
        listed = runner.invoke(jobs_group, ["list"])
        assert listed.exit_code == 0, listed.output
        assert "1 failed" in listed.output and job_id in listed.output and "layanan belum siap" in listed.output
        retried = runner.invoke(jobs_group, ["retry", job_id])
        assert retried.exit_code == 0 and "queued again as" in retried.output
        assert failures.get(queue.huey, job_id) is None
        drain(queue)
        assert len(failures.all_failed(queue.huey)) == 1
        assert runner.invoke(jobs_group, ["retry", "tidak-ada"]).exit_code == 1
        purged = runner.invoke(jobs_group, ["purge", "--yes"])
        assert "1 failed job(s) forgotten" in purged.output
        assert failures.all_failed(queue.huey) == []


def test_provision_runs_as_a_job(app_ctx, make_spec) -> None:
    spec = make_spec()
    run_id = provision(spec)
    assert run_progress(run_id)["status"] == "queued"
    drain(job_queue(), now=LATER)
    progress = run_progress(run_id)
    assert progress["status"] == "succeeded"
    assert [s["status"] for s in progress["steps"]][-1] == "done"
    assert tenant_registry().by_slug(spec["slug"]).status == "active"
    with pytest.raises(SpecError):
        provision({"region": "99.99"})
