"""The job queue API: ``enqueue`` now, ``kiblat worker`` (huey's consumer) runs it later, in the
job's tenant, retrying with backoff. Storage: SQLite in the instance folder, or Redis when
``KIBLAT_REDIS_URL`` is set (see :mod:`kiblat.platform.jobs.storage`).

Much code imports ``enqueue`` and most of it runs without queueing anything (an invitation queues
a job only when SMTP fails), so huey, with the redis and psycopg it imports whenever they are
installed, is loaded with the runner on the first call here, not with this module.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from types import ModuleType
from typing import TYPE_CHECKING

from flask import Flask, current_app

from kiblat.platform.jobs import failures
from kiblat.platform.jobs.registry import DEFAULT_MAX_ATTEMPTS

if TYPE_CHECKING:
    from kiblat.platform.jobs.runner import JobQueue


def _runner() -> ModuleType:
    # Imported on first use, for start-up time: huey and what it imports are most of its cost.
    from kiblat.platform.jobs import runner

    return runner


def job_queue(app: Flask | None = None) -> JobQueue:
    """The app's queue, made on first use."""
    app = app or current_app._get_current_object()  # noqa: SLF001 — the queue keeps the app itself
    queue = app.extensions.get("kiblat_jobs")
    if queue is None:
        queue = app.extensions["kiblat_jobs"] = _runner().install(app)
    return queue


def enqueue(kind: str, payload: dict, tenant_slug: str | None = None,
            max_attempts: int = DEFAULT_MAX_ATTEMPTS, delay: float = 0.0) -> str:
    """Queue a job for ``tenant_slug`` (or the platform); returns its id."""
    return _runner().submit(job_queue(), kind, payload, tenant_slug, max_attempts, delay)


def run_due(now: datetime | None = None, limit: int | None = None) -> int:
    """Run, in this process, every job due at ``now`` (default: now), including retries due by
    then; returns how many ran (``kiblat worker --once``; tests pass a ``now`` far ahead)."""
    return _runner().drain(job_queue(), now, limit)


def job_failed(job_id: str) -> bool:
    """Whether the job failed for good (its failure is kept until retried or purged)."""
    return failures.get(job_queue().huey, job_id) is not None


@dataclass(frozen=True)
class QueueStats:
    queued: int  # ready to run now
    scheduled: int  # waiting for their time: delayed jobs and retries
    failed: int


def stats(app: Flask | None = None) -> QueueStats:
    huey = job_queue(app).huey
    return QueueStats(huey.pending_count(), huey.scheduled_count(), len(failures.all_failed(huey)))


@dataclass(frozen=True)
class QueuedJob:
    id: str
    kind: str
    tenant_slug: str | None
    payload: dict
    state: str  # "queued" or "waiting" (delayed, or a retry after its backoff)
    eta: str | None  # UTC, for waiting jobs


def queued_jobs(limit: int = 50) -> list[QueuedJob]:
    """Jobs not yet run: ready ones first, then those waiting for their time."""
    huey = job_queue().huey
    found = [(task, "queued") for task in huey.pending(limit)]
    found += [(task, "waiting") for task in huey.scheduled(limit)]
    return [
        QueuedJob(task.id, task.args[0], task.args[2], task.args[1], state,
                  task.eta.isoformat(timespec="seconds") if task.eta else None)
        for task, state in found[:limit]
        if len(task.args) == 4  # the schedule tick has none
    ]


def failed_jobs(limit: int = 100) -> list[failures.FailedJob]:
    """The latest failures, newest first (``failed_at`` as an aware datetime for display)."""
    return [dataclasses.replace(f, failed_at=datetime.fromisoformat(f.failed_at))
            for f in failures.all_failed(job_queue().huey)[:limit]]


def retry_failed(job_id: str) -> str:
    """Queue a failed job again (a new job with the same kind, payload and tenant); returns its id."""
    queue = job_queue()
    failed = failures.get(queue.huey, job_id)
    if failed is None:
        raise LookupError(f"no failed job {job_id!r}")
    new_id = _runner().submit(queue, failed.kind, failed.payload, failed.tenant_slug, failed.max_attempts)
    failures.forget(queue.huey, job_id)
    return new_id


def purge_failed() -> int:
    """Forget every failed job; returns how many."""
    huey = job_queue().huey
    return sum(1 for failed in failures.all_failed(huey) if failures.forget(huey, failed.id))
