"""The job queue: database and Redis backends, retries with backoff, provisioning as a job."""

from __future__ import annotations

import uuid

import pytest
import redis

from kiblat.platform.jobs import worker
from kiblat.platform.jobs.backends import DatabaseBackend, RedisBackend
from kiblat.platform.jobs.queue import backoff_seconds, enqueue, get_job
from kiblat.platform.jobs.registry import job_handler
from kiblat.provisioning.jobs import provision
from kiblat.provisioning.run import run_progress
from kiblat.provisioning.spec import SpecError
from kiblat.tenants.context import get_current_tenant
from kiblat.tenants.registry import tenant_registry

calls: list[tuple[str | None, dict]] = []


@job_handler("test.record")
def _record(payload: dict) -> None:
    tenant = get_current_tenant()
    calls.append((tenant.slug if tenant else None, payload))


@job_handler("test.flaky")
def _flaky(payload: dict) -> None:
    raise RuntimeError("layanan belum siap")


def _drain() -> None:
    while worker.work(once=True, backoff=lambda attempt: 0.0):
        pass


def test_job_runs_in_its_tenant(app_ctx, make_tenant) -> None:
    tenant = make_tenant()
    job_id = enqueue("test.record", {"n": 1}, tenant_slug=tenant.slug)
    _drain()
    assert (tenant.slug, {"n": 1}) in calls
    assert get_job(job_id).status == "done"


def test_failures_are_retried_then_buried(app_ctx) -> None:
    job_id = enqueue("test.flaky", {}, max_attempts=3)
    _drain()
    job = get_job(job_id)
    assert (job.status, job.attempts) == ("dead", 3)
    assert "layanan belum siap" in job.last_error
    assert [backoff_seconds(n) for n in (1, 2, 3)] == [2.0, 4.0, 8.0]


def test_a_failed_job_waits_for_its_backoff(app_ctx) -> None:
    queue = DatabaseBackend()
    job_id = queue.enqueue("test.flaky", {}, None, 5, 0.0)
    job = queue.claim("w", 600)
    assert job.id == job_id
    worker.run_job(queue, job, backoff=lambda attempt: 3600.0)
    assert queue.get(job_id).status == "queued"
    assert queue.claim("w", 600) is None  # not due for an hour


def test_provision_runs_as_a_job(app_ctx, make_spec) -> None:
    spec = make_spec()
    run_id = provision(spec)
    assert run_progress(run_id)["status"] == "queued"
    _drain()
    progress = run_progress(run_id)
    assert progress["status"] == "succeeded"
    assert [s["status"] for s in progress["steps"]][-1] == "done"
    assert tenant_registry().by_slug(spec["slug"]).status == "active"
    with pytest.raises(SpecError):
        provision({"region": "99.99"})


def test_redis_backend() -> None:
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail("Redis at 127.0.0.1:6379 is required for this test")
    prefix = f"kiblat-test:{uuid.uuid4().hex}"
    queue = RedisBackend("redis://127.0.0.1:6379/0", prefix=prefix)
    try:
        first = queue.enqueue("test.record", {"a": 1}, "binjai", 2, 0.0)
        later = queue.enqueue("test.record", {"b": 2}, None, 2, 3600.0)
        job = queue.claim("w1", 600)
        assert (job.id, job.tenant_slug, job.payload, job.attempts) == (first, "binjai", {"a": 1}, 1)
        assert queue.claim("w2", 600) is None  # the other job is not due yet
        queue.fail(first, "boom", retry_in=0.0)
        again = queue.claim("w2", 600)
        assert (again.id, again.attempts) == (first, 2)
        queue.complete(first)
        assert queue.get(first).status == "done"
        assert queue.get(later).status == "queued"
        # A worker that died holding a job: the job is claimed again once stale.
        queue.fail(later, "x", retry_in=0.0)
        assert queue.claim("w3", 600).id == later
        assert queue.claim("w4", stale_after=0.0).id == later
    finally:
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
