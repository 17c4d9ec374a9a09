"""The regency's settings for MeSRA Bertuah."""

from datetime import datetime, timedelta

from kiblat.platform.calendar import is_peak_day
from kiblat.platform.modular.settings import module_settings

STAGE_ORDER = ("received", "examination", "conclusion", "follow_up", "closed")


def stage_days(stage: str) -> int:
    return int(module_settings("mesra")[f"days_{stage}"])


def file_max_bytes() -> int:
    return int(module_settings("mesra")["file_max_mb"]) * 1024 * 1024


def retention_days() -> int:
    return int(module_settings("mesra")["retention_days"])


def stage_deadline(stage: str, start: datetime) -> datetime:
    """When ``stage`` begun at ``start`` is due: its days counted as calendar days, or as
    working days (no Saturday, Sunday or national holiday) when the regency says so."""
    days = stage_days(stage)
    if not module_settings("mesra").get("working_days"):
        return start + timedelta(days=days)
    due = start
    while days:
        due += timedelta(days=1)
        if not is_peak_day(due.date()):
            days -= 1
    return due
