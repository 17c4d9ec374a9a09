"""Jus Melon's limits, from the regency's settings (``settings_schema`` in the manifest)."""

from __future__ import annotations

from kiblat.platform.modular.settings import module_settings

MB = 1024 * 1024


def photo_max_bytes() -> int:
    """The largest photo of the business premises an owner may upload."""
    return module_settings("jus_melon")["photo_max_mb"] * MB


def photo_max_pixels() -> int:
    """The most pixels that photo may have."""
    return module_settings("jus_melon")["photo_max_megapixels"] * 1_000_000


def registry_size() -> int:
    """How many businesses one search of the public registry shows at most."""
    return module_settings("jus_melon")["registry_size"]


def queue_size() -> int:
    """How many registrations the kecamatan officer's queue shows at most."""
    return module_settings("jus_melon")["queue_size"]
