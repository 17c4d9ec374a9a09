"""``kiblat worker``: claims jobs and runs their handlers, in the job's tenant when it has one."""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable

from kiblat.platform.core.extensions import db
from kiblat.platform.jobs.backends import JobBackend, JobRecord
from kiblat.platform.jobs.queue import backend, backoff_seconds
from kiblat.platform.jobs.registry import handler_for
from kiblat.tenants.context import tenant_context
from kiblat.tenants.registry import tenant_registry

log = logging.getLogger("kiblat.jobs")
# A job locked longer than this is taken to belong to a dead worker and is run again.
STALE_AFTER_SECONDS = 600.0


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run_job(queue: JobBackend, job: JobRecord, backoff: Callable[[int], float] = backoff_seconds) -> bool:
    """Run one claimed job; returns whether it succeeded. Failures are retried or buried."""
    try:
        handler = handler_for(job.kind)
        tenant = tenant_registry().by_slug(job.tenant_slug) if job.tenant_slug else None
        if tenant is not None:
            with tenant_context(tenant):
                handler(job.payload)
        else:
            handler(job.payload)
    except Exception as exc:  # any failure of the job is recorded on the job, never fatal
        db.session.rollback()
        retry = backoff(job.attempts) if job.attempts < job.max_attempts else None
        log.warning("job %s (%s) failed, attempt %s: %s", job.id, job.kind, job.attempts, exc)
        queue.fail(job.id, f"{type(exc).__name__}: {exc}", retry)
        return False
    queue.complete(job.id)
    return True


def work(once: bool = False, idle_sleep: float = 0.5, max_jobs: int | None = None,
         backoff: Callable[[int], float] = backoff_seconds) -> int:
    """Process jobs until stopped (or, with ``once``, until none is due). Returns jobs run."""
    queue = backend()
    name = worker_name()
    done = 0
    while max_jobs is None or done < max_jobs:
        job = queue.claim(name, STALE_AFTER_SECONDS)
        if job is None:
            if once:
                break
            time.sleep(idle_sleep)
            continue
        run_job(queue, job, backoff)
        done += 1
        # A long-running worker must see tenants created by other processes.
        tenant_registry().clear()
        db.session.remove()
    return done
