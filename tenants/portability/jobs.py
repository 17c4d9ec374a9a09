"""The background job that builds a requested export, run in the tenant it belongs to."""

from __future__ import annotations

from kiblat.platform.jobs.registry import job_handler
from kiblat.tenants.context import current_tenant
from kiblat.tenants.portability.exports import JOB_KIND, run_export


@job_handler(JOB_KIND, lock="export_id")
def export_job(payload: dict) -> None:
    run_export(current_tenant.slug, payload["export_id"])
