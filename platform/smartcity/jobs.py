"""The snapshot as a background job (scheduled monthly by the platform, queued from the console)."""

from __future__ import annotations

from flask import current_app

from kiblat.platform.jobs.registry import job_handler
from kiblat.platform.smartcity.snapshots import run_snapshots

JOB_KIND = "smart_city.snapshot"


@job_handler(JOB_KIND, lock=True, lock_ttl=6 * 3600)
def snapshot_job(payload: dict) -> int:
    """Every live regency (or ``payload["slugs"]``); returns how many values were stored."""
    app = current_app._get_current_object()  # noqa: SLF001 — the indicator threads need the app itself
    report = run_snapshots(app, app.extensions["kiblat_modules"], payload.get("slugs"))
    for slug, indicator, why in report.failures:
        app.logger.warning("smart-city indicator failed: %s %s: %s", slug, indicator, why)
    return report.computed
