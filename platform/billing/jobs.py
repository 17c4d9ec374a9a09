"""Background jobs: the daily sweep that ends grace periods."""

from __future__ import annotations

from datetime import UTC, datetime

from kiblat.platform.billing.standing import sweep
from kiblat.platform.jobs.registry import job_handler


@job_handler("billing.sweep")
def sweep_job(payload: dict) -> None:
    sweep(datetime.now(UTC))
