"""Sri Deli's background jobs (registered when the blueprint is imported at start)."""

from __future__ import annotations

from kiblat.platform.jobs.registry import job_handler


@job_handler("sri_deli.digest")
def digest_job(payload: dict) -> int:
    """Runs inside the job's tenant; schedule daily with ``kiblat sri_deli digest SLUG``."""
    from kiblat.modules.sri_deli.services.digest import send_daily_digest

    return send_daily_digest()
