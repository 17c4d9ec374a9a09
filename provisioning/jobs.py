"""Provisioning as a background job, and the API the web onboarding calls."""

from __future__ import annotations

from collections.abc import Callable

from kiblat.platform.jobs.queue import enqueue
from kiblat.platform.jobs.registry import job_handler
from kiblat.provisioning.run import execute_run, start_run

# A provisioning run is idempotent, so the queue may retry it; a few times is enough.
PROVISION_ATTEMPTS = 3


def provision(raw_spec: dict, kind: str = "provisioning.run", accepted: Callable[[str], None] | None = None,
              **payload: object) -> str:
    """Validate now (SpecError names the fields, nothing changes), journal the run and queue it;
    returns the run id. The one place a run is started in the background: the staff console and
    web onboarding come here too. ``kind`` is the job that executes the run (its payload gets
    ``run_id`` and ``payload``); ``accepted(run_id)`` records the caller's own state (committed)
    before the job is queued, so the job always finds it.

    Progress: :func:`kiblat.provisioning.run.run_progress` with that id.
    """
    run_id = start_run(raw_spec)
    if accepted is not None:
        accepted(run_id)
    # A platform job: the regency it makes does not exist yet (the run's first steps register it).
    enqueue(kind, {**payload, "run_id": run_id}, max_attempts=PROVISION_ATTEMPTS)
    return run_id


@job_handler("provisioning.run", lock="run_id")
def run_job(payload: dict) -> None:
    execute_run(payload["run_id"])
