"""Uploaded documents, checked by the platform's one upload service: the type is decided by
the content (a PDF must open in pypdf, an image must decode within the pixel limit and is
stored re-encoded), the limits are the regency's Sri Deli settings, and the name stored is
the sanitised display name (never the name the browser sent)."""

from __future__ import annotations

import io

from kiblat.modules.sri_deli.services.settings import MB, upload_max_bytes, upload_max_pixels
from kiblat.platform.storage.files import tenant_storage
from kiblat.platform.uploads import DOCUMENT_KINDS, CheckedUpload, UploadError, check_upload

__all__ = ["CheckedUpload", "UploadError", "check", "read", "store"]


def check(label: str, filename: str, data: bytes, document: dict | None = None) -> CheckedUpload:
    """The document as it may be stored, or :class:`UploadError` whose message starts with ``label``.

    The catalogue may narrow a document's kinds (``"kinds": ["pdf"]``) and size (``"max_mb"``)."""
    document = document or {}
    kinds = frozenset(document.get("kinds") or DOCUMENT_KINDS) & DOCUMENT_KINDS or DOCUMENT_KINDS
    max_bytes = min(upload_max_bytes(), int(document.get("max_mb") or 0) * MB or upload_max_bytes())
    return check_upload(data, filename, kinds=kinds, max_bytes=max_bytes, max_pixels=upload_max_pixels(), label=label)


def store(checked: CheckedUpload, folder: str) -> str:
    return tenant_storage().save(io.BytesIO(checked.data), checked.display_name, folder)


def read(storage_key: str) -> bytes:
    with tenant_storage().open(storage_key) as handle:
        return handle.read()
