"""Sri Deli's limits, from the regency's settings (``settings_schema`` in the manifest)."""

from __future__ import annotations

from kiblat.platform.modular.settings import module_settings

MB = 1024 * 1024


def upload_max_bytes() -> int:
    """The largest document a citizen may upload."""
    return module_settings("sri_deli")["upload_max_mb"] * MB


def upload_max_pixels() -> int:
    """The most pixels an image document (a scan, a phone photo) may have."""
    return module_settings("sri_deli")["upload_max_megapixels"] * 1_000_000


def queue_size() -> int:
    """How many waiting applications an officer's queue (and digest) shows at most."""
    return module_settings("sri_deli")["queue_size"]
