"""Uploaded documents: the type is decided by the content, never by the name."""

from __future__ import annotations

import io
from dataclasses import dataclass

from kiblat.modules.sri_deli.services.settings import MB, upload_max_bytes
from kiblat.platform.storage.files import tenant_storage

SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)


class UploadError(ValueError):
    pass


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    filename: str
    content_type: str


def sniff(data: bytes) -> str | None:
    for magic, content_type, _ext in SIGNATURES:
        if data.startswith(magic):
            return content_type
    return None


def check(label: str, filename: str, data: bytes,
          allowed: tuple[str, ...] = ("application/pdf", "image/png", "image/jpeg"),
          max_bytes: int | None = None) -> CheckedFile:
    """Refuse empty, oversized and disguised files; the extension must match the content.
    ``max_bytes`` defaults to the regency's Sri Deli setting."""
    max_bytes = upload_max_bytes() if max_bytes is None else max_bytes
    if not data:
        raise UploadError(f"{label}: berkas kosong")
    if len(data) > max_bytes:
        raise UploadError(f"{label}: berkas lebih dari {max_bytes // MB} MB")
    content_type = sniff(data)
    if content_type is None or content_type not in allowed:
        raise UploadError(f"{label}: hanya berkas PDF, JPEG atau PNG yang diterima")
    ext = next(e for _m, t, e in SIGNATURES if t == content_type)
    name = (filename or "berkas").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:150]
    lowered = name.lower()
    if "." in lowered and not (lowered.endswith(ext) or (ext == ".jpg" and lowered.endswith(".jpeg"))):
        raise UploadError(f"{label}: isi berkas tidak sesuai dengan namanya ({name})")
    return CheckedFile(data, name, content_type)


def store(checked: CheckedFile, folder: str) -> str:
    return tenant_storage().save(io.BytesIO(checked.data), checked.filename, folder)


def read(storage_key: str) -> bytes:
    with tenant_storage().open(storage_key) as handle:
        return handle.read()
