"""Jobs on huey: one huey task runs every job kind inside its tenant, and one periodic task
(huey's scheduler, once a minute in every ``kiblat worker``) queues the jobs schedules make due.

A job is ``(kind, payload, tenant slug, max attempts)``. Running it: find the handler, find the
tenant (a tenant deleted since the job was queued fails the job at once, logged with the reason,
never retried), take the kind's lock if it has one, and call the handler inside the tenant.
A failing job is retried by huey with exponential backoff (``RETRY_DELAY`` × ``RETRY_BACKOFF``ⁿ);
one that fails its last attempt is recorded (:mod:`kiblat.platform.jobs.failures`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import Flask, has_app_context
from huey import Huey, crontab
from huey.api import Task, TaskWrapper
from huey.exceptions import TaskLockedException

from kiblat.platform.core.extensions import db
from kiblat.platform.jobs import failures
from kiblat.platform.jobs.registry import DEFAULT_MAX_ATTEMPTS, UnknownJobKind, kind_for
from kiblat.platform.jobs.schedules import CATCH_UP, DueRun, Target, due_runs
from kiblat.platform.jobs.storage import make_huey
from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.models import TenantStatus
from kiblat.tenants.registry import tenant_registry

log = logging.getLogger("kiblat.jobs")

# Seconds before the first retry; each later one waits RETRY_BACKOFF times longer:
# 30 s, 2 min, 8 min, 32 min for the default five attempts.
RETRY_DELAY = 30.0
RETRY_BACKOFF = 4.0


class TenantGone(LookupError):
    """The job's tenant no longer exists: the job cannot run, now or later."""


@dataclass
class JobQueue:
    """The app's huey and the one task that runs every job kind."""

    app: Flask
    huey: Huey
    task: TaskWrapper


def install(app: Flask) -> JobQueue:
    return bind(app, make_huey(app.config["INSTANCE_PATH"], app.config.get("REDIS_URL")))


def bind(app: Flask, huey: Huey) -> JobQueue:
    """Register the job task and the schedule tick on ``huey`` (each app and each consumer
    process has its own huey object; they share the storage)."""

    @huey.task(context=True, name="kiblat_job")
    def kiblat_job(kind: str, payload: dict, tenant_slug: str | None, max_attempts: int,
                   task: Task | None = None) -> None:
        run_job(queue, task, kind, payload, tenant_slug, max_attempts)

    @huey.periodic_task(crontab(), name="kiblat_schedule_tick")
    def kiblat_schedule_tick() -> None:
        with app.app_context():
            tick(queue, datetime.now(UTC))

    queue = JobQueue(app, huey, kiblat_job)
    return queue


def submit(queue: JobQueue, kind: str, payload: dict, tenant_slug: str | None = None,
           max_attempts: int = DEFAULT_MAX_ATTEMPTS, delay: float = 0.0) -> str:
    """Queue a job; returns its id."""
    options: dict = {"retries": max(max_attempts - 1, 0), "retry_delay": RETRY_DELAY, "retry_backoff": RETRY_BACKOFF}
    if delay > 0:
        options["delay"] = delay
    task = queue.task.s(kind, dict(payload), tenant_slug, max_attempts, **options)
    if delay > 0:
        queue.huey.add_schedule(task)  # straight to the schedule: not "ready" before its time
    else:
        queue.huey.enqueue(task)
    return task.id


def _tenant(slug: str) -> TenantInfo:
    registry = tenant_registry()
    tenant = registry.by_slug(slug)
    if tenant is None:
        registry.clear()  # made a moment ago by another process? look again, fresh
        tenant = registry.by_slug(slug)
    if tenant is None:
        raise TenantGone(f"regency {slug!r} no longer exists (deleted); the job was not run")
    return tenant


@contextmanager
def _maybe_lock(huey: Huey, name: str | None, ttl: float) -> Iterator[None]:
    if name is None:
        yield
        return
    with huey.lock_task(name, ttl=int(ttl)):
        yield


def run_job(queue: JobQueue, task: Task | None, kind: str, payload: dict, tenant_slug: str | None,
            max_attempts: int) -> None:
    """The body of every job (huey calls it with ``task`` for the attempt count and retries)."""
    retries_left = task.retries if task is not None else 0
    attempt = max_attempts - retries_left
    job_id = task.id if task is not None else "-"
    with queue.app.app_context():
        try:
            job = kind_for(kind)
            tenant = _tenant(tenant_slug) if tenant_slug else None
            with _maybe_lock(queue.huey, job.lock_name(kind, payload, tenant_slug), job.lock_ttl), \
                    (tenant_context(tenant) if tenant is not None else nullcontext()):
                job.handler(payload)
        except TaskLockedException:
            log.info("job %s (%s, %s) skipped: the same job is running elsewhere", job_id, kind, tenant_slug or "-")
        except (TenantGone, UnknownJobKind) as exc:
            db.session.rollback()
            log.error("job %s (%s) failed and will not be retried: %s", job_id, kind, exc)
            failures.record(queue.huey, job_id, kind, tenant_slug, payload, attempt, max_attempts, str(exc))
        except Exception as exc:
            db.session.rollback()
            error = f"{type(exc).__name__}: {exc}"
            if retries_left:
                log.warning("job %s (%s) failed, attempt %s of %s, retried in %s s: %s",
                            job_id, kind, attempt, max_attempts, task.retry_delay, error)
            else:
                log.error("job %s (%s) failed its last attempt (%s): %s", job_id, kind, attempt, error)
                failures.record(queue.huey, job_id, kind, tenant_slug, payload, attempt, max_attempts, error)
            raise


def tick(queue: JobQueue, now: datetime) -> list[DueRun]:
    """Queue every scheduled job due at ``now`` (aware); returns what it queued. Any number of
    workers may tick at once: each occurrence is claimed in the shared storage exactly once."""
    table = queue.app.extensions.get("kiblat_schedules") or []
    targets = [Target(t.slug, t.time_zone, t.modules) for t in tenant_registry().all()
               if t.status == TenantStatus.ACTIVE]
    ttl = int(CATCH_UP.total_seconds() * 2)
    runs = due_runs(table, targets, now, claim=lambda key: queue.huey.put_if_empty(key, "1", ttl),
                    forget=queue.huey.delete)
    for run in runs:
        submit(queue, run.job, {"scheduled_for": run.occurrence.isoformat()}, run.tenant_slug)
        log.info("scheduled job %s queued for %s (%s)", run.job, run.tenant_slug or "the platform",
                 run.occurrence.isoformat())
    return runs


def _huey_time(moment: datetime) -> datetime:
    """huey keeps naive UTC datetimes."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def drain(queue: JobQueue, now: datetime | None = None, limit: int | None = None) -> int:
    """Run every job due at ``now`` (default: the real time) in this process, then return how
    many ran (``kiblat worker --once``, tests). Retries that come due by ``now`` run too, so a
    ``now`` far ahead runs a failing job through all its attempts.

    Each job runs in an app context of its own; afterwards the caller's session (if it has one)
    is ended, so what the caller reads next is what the jobs committed."""
    huey = queue.huey
    done = 0
    while limit is None or done < limit:
        stamp = _huey_time(now or datetime.now(UTC))
        for due in huey.read_schedule(stamp):
            huey.enqueue(due)
        task = huey.dequeue()
        if task is None:
            break
        huey.execute(task, stamp)
        done += 1
    if done and has_app_context():
        db.session.remove()
    return done


def consume(queue: JobQueue, workers: int = 2) -> None:
    """huey's consumer: ``workers`` threads running jobs, and its scheduler ticking each minute."""
    consumer = queue.huey.create_consumer(workers=workers, worker_type="thread", periodic=True,
                                          check_worker_health=True)
    consumer.run()
