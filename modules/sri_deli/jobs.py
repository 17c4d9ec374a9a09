"""Sri Deli's background jobs, declared in the manifest (``jobs`` and ``schedules``)."""

from __future__ import annotations

from kiblat.modules.sri_deli.services.digest import send_daily_digest


def digest_job(payload: dict) -> int:
    """Runs inside the job's tenant: today's digest for every officer with waiting items."""
    return send_daily_digest()
