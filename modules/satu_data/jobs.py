"""Satu Data's background jobs, declared in the manifest (``jobs`` and ``schedules``)."""

from __future__ import annotations

from kiblat.modules.satu_data.services.living import refresh_all


def refresh_job(payload: dict) -> int:
    """Runs inside the job's tenant: regenerate every living dataset the walidata chose."""
    return len(refresh_all())
