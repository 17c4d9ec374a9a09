"""Uploaded files of onboarding (assignment letters, draft logos): checked by content, size
limited, kept in platform storage (never inside a tenant's folder)."""

from __future__ import annotations

import io
from pathlib import Path

from flask import current_app

from kiblat.platform.identity.texts import _
from kiblat.platform.onboarding.errors import OnboardingError
from kiblat.platform.storage.files import LocalStorage

MAX_LETTER_BYTES = 5 * 1024 * 1024
MAX_LOGO_BYTES = 1024 * 1024
LETTER_TYPES = {b"%PDF-": ".pdf", b"\xff\xd8\xff": ".jpg", b"\x89PNG\r\n\x1a\n": ".png"}
LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": ".png", b"\xff\xd8\xff": ".jpg", b"GIF87a": ".gif", b"GIF89a": ".gif"}
MEDIA_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
               ".webp": "image/webp"}


def platform_storage() -> LocalStorage:
    """Files of the platform itself; a folder no tenant slug can name."""
    return LocalStorage(Path(current_app.config["INSTANCE_PATH"]) / "platform-files" / "onboarding")


def _read_limited(data: bytes | io.BufferedIOBase, limit: int, too_big: str, field: str) -> bytes:
    content = data if isinstance(data, bytes) else data.read(limit + 1)
    if len(content) > limit:
        raise OnboardingError(too_big, field)
    if not content:
        raise OnboardingError(_("Berkas kosong. Pilih berkas lain."), field)
    return content


def _kind(content: bytes, types: dict[bytes, str]) -> str | None:
    for signature, suffix in types.items():
        if content.startswith(signature):
            return suffix
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP" and types is LOGO_TYPES:
        return ".webp"
    return None


def store_letter(data: bytes | io.BufferedIOBase) -> str:
    """Check and store an assignment letter; returns its storage key."""
    content = _read_limited(data, MAX_LETTER_BYTES, _("Surat tugas paling besar 5 MB."), "letter")
    suffix = _kind(content, LETTER_TYPES)
    if suffix is None:
        raise OnboardingError(_("Surat tugas harus berupa PDF, JPEG atau PNG."), "letter")
    return platform_storage().save(io.BytesIO(content), f"surat-tugas{suffix}", "letters")


def store_logo(data: bytes | io.BufferedIOBase) -> str:
    """Check and store a draft logo; returns its storage key."""
    content = _read_limited(data, MAX_LOGO_BYTES, _("Logo paling besar 1 MB."), "logo")
    suffix = _kind(content, LOGO_TYPES)
    if suffix is None:
        raise OnboardingError(_("Logo bukan berkas gambar: gunakan PNG, JPEG, GIF atau WebP."), "logo")
    return platform_storage().save(io.BytesIO(content), f"logo{suffix}", "logos")


def media_type(key: str) -> str:
    return MEDIA_TYPES.get(Path(key).suffix.lower(), "application/octet-stream")


def absolute_path(key: str) -> Path:
    """Provisioning specs name the logo by file path."""
    return (platform_storage().root / key).resolve()
