"""Jumpa Madu's limits, from the regency's settings (``settings_schema`` in the manifest).
The bank's money rules (least withdrawal, weight needing confirmation) are configuration rows
(``jumpa_madu_policy``), copied with the rest of a template regency's configuration."""

from __future__ import annotations

from kiblat.platform.modular.settings import module_settings

MB = 1024 * 1024


def _settings() -> dict:
    return module_settings("jumpa_madu")


def pickup_days_ahead() -> int:
    """How far ahead a pickup may be requested, in days."""
    return _settings()["pickup_days_ahead"]


def max_estimate_grams() -> int:
    """The largest estimated weight of one category in a pickup request."""
    return _settings()["max_estimate_kg"] * 1000


def max_weighing_grams() -> int:
    """The largest weight of one category in a deposit, even when confirmed (a scale's limit)."""
    return _settings()["max_weighing_kg"] * 1000


def photo_max_bytes() -> int:
    return _settings()["photo_max_mb"] * MB


def photo_max_pixels() -> int:
    """The most pixels a photo of the waste may have."""
    return _settings()["photo_max_megapixels"] * 1_000_000


def statement_per_page() -> int:
    """Entries per page of a savings book."""
    return _settings()["statement_per_page"]
