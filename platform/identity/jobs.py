"""The daily pruning of expired sign-in records (scheduled by the platform, ``PLATFORM_SCHEDULES``)."""

from __future__ import annotations

from kiblat.platform.identity.session_pruning import prune_sessions
from kiblat.platform.jobs.registry import job_handler


@job_handler("sessions.prune", lock=True)
def prune_job(payload: dict) -> int:
    return sum(prune_sessions().values())
