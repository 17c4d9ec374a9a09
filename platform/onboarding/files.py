"""Uploaded files of onboarding (assignment letters, draft logos): checked by the platform's
upload service (content, structure, size, pixels), kept in platform storage (never inside a
tenant's folder)."""

from __future__ import annotations

import io
from pathlib import Path

from kiblat.platform.core.texts import _
from kiblat.platform.onboarding.errors import OnboardingError
from kiblat.platform.storage.files import LocalStorage, files_root
from kiblat.platform.uploads import (
    DOCUMENT_KINDS,
    LOGO_KINDS,
    LOGO_MAX_BYTES,
    LOGO_MAX_PIXELS,
    CheckedUpload,
    UploadError,
    check_upload,
)

MAX_LETTER_BYTES = 5 * 1024 * 1024
MAX_LOGO_BYTES = LOGO_MAX_BYTES
MAX_LOGO_PIXELS = LOGO_MAX_PIXELS
MEDIA_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
               ".webp": "image/webp"}


def platform_storage() -> LocalStorage:
    """Files of the platform itself; a folder no tenant slug can name."""
    return LocalStorage(files_root() / "platform-files" / "onboarding")


def _checked(data: bytes | io.BufferedIOBase | None, field: str, **limits: object) -> CheckedUpload:
    content = data if isinstance(data, bytes) else (data.read(int(limits["max_bytes"]) + 1) if data else b"")
    try:
        return check_upload(content, **limits)
    except UploadError as exc:
        raise OnboardingError(str(exc), field) from None


def store_letter(data: bytes | io.BufferedIOBase) -> str:
    """Check and store an assignment letter; returns its storage key."""
    checked = _checked(data, "letter", kinds=DOCUMENT_KINDS, max_bytes=MAX_LETTER_BYTES, label=_("Surat tugas"))
    return platform_storage().save(io.BytesIO(checked.data), f"surat-tugas{checked.extension}", "letters")


def store_logo(data: bytes | io.BufferedIOBase) -> str:
    """Check and store a draft logo (re-encoded); returns its storage key."""
    checked = _checked(data, "logo", kinds=LOGO_KINDS, max_bytes=MAX_LOGO_BYTES, max_pixels=MAX_LOGO_PIXELS,
                       label=_("Logo"))
    return platform_storage().save(io.BytesIO(checked.data), f"logo{checked.extension}", "logos")


def media_type(key: str) -> str:
    return MEDIA_TYPES.get(Path(key).suffix.lower(), "application/octet-stream")


def absolute_path(key: str) -> Path:
    """Provisioning specs name the logo by file path."""
    return (platform_storage().root / key).resolve()
