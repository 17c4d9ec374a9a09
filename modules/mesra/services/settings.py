"""The regency's settings for MeSRA Bertuah."""

from kiblat.platform.modular.settings import module_settings

STAGE_ORDER = ("received", "examination", "conclusion", "follow_up", "closed")


def stage_days(stage: str) -> int:
    return int(module_settings("mesra")[f"days_{stage}"])


def file_max_bytes() -> int:
    return int(module_settings("mesra")["file_max_mb"]) * 1024 * 1024


def retention_days() -> int:
    return int(module_settings("mesra")["retention_days"])
