"""Satu Data's limits, from the regency's module settings."""

from __future__ import annotations

from kiblat.platform.modular.settings import module_settings

MB = 1024 * 1024


def upload_max_bytes() -> int:
    """The largest table a producer may upload."""
    return module_settings("satu_data")["upload_max_mb"] * MB


def per_page() -> int:
    return module_settings("satu_data")["datasets_per_page"]
