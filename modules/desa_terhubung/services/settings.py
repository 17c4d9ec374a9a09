"""The module's limits, from the regency's settings."""

from __future__ import annotations

from kiblat.platform.modular.settings import module_settings

MB = 1024 * 1024


def photo_max_bytes() -> int:
    return module_settings("desa_terhubung")["photo_max_mb"] * MB


def photo_max_pixels() -> int:
    return module_settings("desa_terhubung")["photo_max_megapixels"] * 1_000_000


def max_speed_mbps() -> int:
    return module_settings("desa_terhubung")["max_speed_mbps"]
