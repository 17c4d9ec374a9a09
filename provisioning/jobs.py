"""Provisioning as a background job, and the API the web onboarding calls."""

from __future__ import annotations

from kiblat.platform.core.extensions import db
from kiblat.platform.jobs.queue import enqueue
from kiblat.platform.jobs.registry import job_handler
from kiblat.provisioning.models import ProvisioningRun
from kiblat.provisioning.run import execute_run, start_run

# A provisioning run is idempotent, so the queue may retry it; a few times is enough.
PROVISION_ATTEMPTS = 3


def provision(raw_spec: dict) -> str:
    """Validate now (SpecError names the fields), run in the background; returns the run id.

    Progress: :func:`kiblat.provisioning.run.run_progress` with that id.
    """
    run_id = start_run(raw_spec)

    slug = db.session.get(ProvisioningRun, run_id).tenant_slug
    enqueue("provisioning.run", {"run_id": run_id}, tenant_slug=slug, max_attempts=PROVISION_ATTEMPTS)
    return run_id


@job_handler("provisioning.run")
def run_job(payload: dict) -> None:
    execute_run(payload["run_id"])
