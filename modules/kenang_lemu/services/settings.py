"""The regency's limits for Kenang Lemu (``settings_schema`` in the manifest)."""

from kiblat.platform.modular.settings import module_settings

MB = 1024 * 1024


def image_max_bytes() -> int:
    return int(module_settings("kenang_lemu")["image_max_mb"]) * MB


def per_page() -> int:
    return int(module_settings("kenang_lemu")["objects_per_page"])


def oai_page_size() -> int:
    return int(module_settings("kenang_lemu")["oai_page_size"])
