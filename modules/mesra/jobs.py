"""MeSRA Bertuah's background jobs, declared in the manifest (``jobs`` and ``schedules``)."""

from __future__ import annotations

from kiblat.modules.mesra.services import cases, notify


def retention_job(payload: dict) -> int:
    """Runs inside the job's tenant: erase the content of cases closed past the retention period."""
    return cases.erase_expired()


def reminder_job(payload: dict) -> int:
    """Runs inside the job's tenant: remind handlers of cases whose stage ends within a day or
    has ended (the email names no case detail)."""
    return notify.deadline_reminders(cases.due_soon())
