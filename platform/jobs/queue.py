"""The job queue API: ``enqueue`` now, a worker runs it later, retrying with backoff."""

from __future__ import annotations

from flask import current_app

from kiblat.platform.jobs.backends import DatabaseBackend, JobBackend, JobRecord, RedisBackend

DEFAULT_MAX_ATTEMPTS = 5


def backend() -> JobBackend:
    """Redis when ``KIBLAT_REDIS_URL`` is set, otherwise the control-plane database."""
    cached = current_app.extensions.get("kiblat_jobs")
    if cached is None:
        url = current_app.config.get("REDIS_URL")
        cached = RedisBackend(url) if url else DatabaseBackend()
        current_app.extensions["kiblat_jobs"] = cached
    return cached


def enqueue(kind: str, payload: dict, tenant_slug: str | None = None,
            max_attempts: int = DEFAULT_MAX_ATTEMPTS, delay: float = 0.0) -> str:
    """Queue a job for ``tenant_slug`` (or the platform); returns its id."""
    return backend().enqueue(kind, payload, tenant_slug, max_attempts, delay)


def get_job(job_id: str) -> JobRecord | None:
    return backend().get(job_id)


def backoff_seconds(attempt: int, base: float = 2.0, cap: float = 600.0) -> float:
    """Exponential: 2, 4, 8 … seconds after the 1st, 2nd, 3rd … failure, at most ten minutes."""
    return min(cap, base ** attempt)
