"""Sri Deli's background jobs, declared in the manifest (``jobs`` and ``schedules``)."""

from __future__ import annotations

from kiblat.modules.sri_deli.services.digest import send_daily_digest
from kiblat.modules.sri_deli.services.workflow import expire_bills


def digest_job(payload: dict) -> int:
    """Runs inside the job's tenant: today's digest for every officer with waiting items."""
    return send_daily_digest()


def bills_job(payload: dict) -> int:
    """Runs inside the job's tenant: unpaid retribusi bills past their due date expire."""
    return expire_bills()
