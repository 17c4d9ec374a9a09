"""MeSRA Bertuah's background jobs, declared in the manifest (``jobs`` and ``schedules``)."""

from __future__ import annotations

from kiblat.modules.mesra.services import cases, notify, rotation
from kiblat.platform.jobs.queue import enqueue
from kiblat.tenants.context import current_tenant


def retention_job(payload: dict) -> int:
    """Runs inside the job's tenant: erase the content of cases closed past the retention period."""
    return cases.erase_expired()


def reminder_job(payload: dict) -> int:
    """Runs inside the job's tenant: remind handlers of cases whose stage ends within a day or
    has ended (the email names no case detail)."""
    return notify.deadline_reminders(cases.due_soon())


def reencrypt_job(payload: dict) -> int:
    """Runs inside the job's tenant after a data-key rotation: re-seal everything under the new
    key; while the new key is too young to destroy the old ones, run again after the grace."""
    progress = rotation.reencrypt()
    if progress.waiting:
        enqueue(rotation.JOB, {}, tenant_slug=current_tenant.slug, delay=rotation.GRACE.total_seconds())
    return progress.rewritten
