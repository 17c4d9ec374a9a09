"""Background jobs of the console (imported when the console is registered)."""

from __future__ import annotations

from kiblat.platform.console.fleet import JOB_KIND, run_upgrade
from kiblat.platform.jobs.registry import job_handler


# One fleet upgrade at a time, however many are queued.
@job_handler(JOB_KIND, lock=True, lock_ttl=6 * 3600)
def fleet_upgrade_job(payload: dict) -> None:
    run_upgrade(payload["run_id"])
