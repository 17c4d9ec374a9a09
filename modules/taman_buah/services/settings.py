"""The regency's limits for Taman Buah (``settings_schema`` in the manifest)."""

from kiblat.platform.modular.settings import module_settings

MB = 1024 * 1024


def max_weighing_grams() -> int:
    return int(module_settings("taman_buah")["max_weighing_kg"]) * 1000


def photo_max_bytes() -> int:
    return int(module_settings("taman_buah")["photo_max_mb"]) * MB
