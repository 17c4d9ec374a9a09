"""Background jobs: the daily sweep that ends grace periods, the monthly government invoices
(both scheduled by the platform, ``PLATFORM_SCHEDULES``)."""

from __future__ import annotations

from datetime import UTC, datetime

from kiblat.platform.billing.invoices import issue_invoices
from kiblat.platform.billing.standing import sweep
from kiblat.platform.jobs.registry import job_handler


@job_handler("billing.sweep", lock=True)
def sweep_job(payload: dict) -> None:
    sweep(datetime.now(UTC))


@job_handler("billing.invoices", lock=True)
def invoices_job(payload: dict) -> int:
    """This month's invoices for every regency billed by government invoice (idempotent)."""
    now = datetime.now(UTC)
    return len(issue_invoices(now.date().replace(day=1), now))
