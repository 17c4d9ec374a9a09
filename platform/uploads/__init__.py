"""One upload check and one download answer for the whole platform (modules included).

Checking a file a person uploaded::

    from kiblat.platform.uploads import DOCUMENT_KINDS, UploadError, check_upload, read_upload

    try:
        checked = check_upload(read_upload(request.files.get("ktp")), request.files["ktp"].filename,
                               kinds=DOCUMENT_KINDS, label=_("KTP"))
    except UploadError as exc:
        ...  # str(exc) is a clear message in Bahasa Indonesia (English with the English locale)
    key = tenant_storage().save(io.BytesIO(checked.data), checked.display_name, "sri_deli")
    # keep checked.display_name and checked.media_type beside the key

The type is decided by the content, never by the name or the browser's Content-Type. A PDF
must open in pypdf and carry no active content; an image must decode in full in Pillow within
the pixel limit and is stored re-encoded (no metadata, nothing appended); SVG, HTML and every
other type are refused. Size and pixel limits come from the settings (``UPLOAD_MAX_BYTES``,
``UPLOAD_MAX_PIXELS``) unless the call names its own. Serving a stored file: see
:func:`send_download`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from flask import current_app, has_app_context

from kiblat.platform.core.texts import _
from kiblat.platform.uploads.downloads import INLINE_TYPES, send_download
from kiblat.platform.uploads.images import ImageProblem, reencode
from kiblat.platform.uploads.names import safe_display_name

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000  # a 40-megapixel phone photo; a "bomb" claims far more

DOCUMENT_KINDS = frozenset({"pdf", "jpeg", "png"})
PHOTO_KINDS = frozenset({"jpeg", "png"})
LOGO_KINDS = frozenset({"png", "jpeg", "gif", "webp"})
# A regency's logo, from the onboarding wizard or a provisioning spec: shown small on every page.
LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_PIXELS = 4_000_000  # 2000 × 2000 is plenty
KIND_NAMES = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WebP"}

__all__ = ["DOCUMENT_KINDS", "INLINE_TYPES", "LOGO_KINDS", "LOGO_MAX_BYTES", "LOGO_MAX_PIXELS", "PHOTO_KINDS", "CheckedUpload", "UploadError",
           "check_upload", "media_type_of", "read_upload", "safe_display_name", "send_download"]


class UploadError(ValueError):
    """A file that is refused; ``str()`` says why in words for the person who sent it.
    ``reason`` is one of empty, too_large, type, corrupt, pixels, active, encrypted."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class CheckedUpload:
    data: bytes  # what to store: re-encoded for images, trimmed for PDFs
    media_type: str  # e.g. application/pdf, image/jpeg
    extension: str  # e.g. .pdf, .jpg
    display_name: str  # the sanitised name to show and to download as; ends in ``extension``
    width: int | None = None
    height: int | None = None
    pages: int | None = None

    @property
    def size(self) -> int:
        return len(self.data)


def _setting(name: str, default: int) -> int:
    return int(current_app.config.get(name, default)) if has_app_context() else default


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


MEDIA_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif",
               "webp": "image/webp"}


def media_type_of(data: bytes) -> str | None:
    """The media type of stored content of an accepted kind, read from its first bytes."""
    kind = _sniff(data)
    return MEDIA_TYPES[kind] if kind else None


def _kinds_text(kinds: frozenset[str]) -> str:
    names = [KIND_NAMES[k] for k in ("pdf", "jpeg", "png", "gif", "webp") if k in kinds]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + _(" atau ") + names[-1]


def read_upload(file: BinaryIO | bytes | None, max_bytes: int | None = None) -> bytes:
    """At most ``max_bytes`` + 1 bytes of an uploaded file (a werkzeug FileStorage, a stream or
    bytes): enough for :func:`check_upload` to tell that it is too large without reading it all."""
    limit = max_bytes or _setting("UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)
    if file is None:
        return b""
    if isinstance(file, bytes):
        return file[: limit + 1]
    stream = getattr(file, "stream", file)
    return stream.read(limit + 1)


def _message(reason: str, values: dict) -> str:
    if reason == "empty":
        return _("Berkas kosong. Pilih berkas lain.")
    if reason == "too_large":
        return _("Berkas lebih dari %(mb)s MB. Perkecil berkas lalu unggah lagi.", mb=values["mb"])
    if reason == "type":
        return _("Jenis berkas tidak diterima: gunakan %(kinds)s.", kinds=values["kinds"])
    if reason == "pixels":
        return _("Gambar terlalu besar (paling banyak %(megapixels)s megapiksel). Perkecil gambar lalu unggah lagi.",
                 megapixels=values["megapixels"])
    if reason == "active":
        return _("PDF berisi skrip, lampiran tersembunyi atau tindakan otomatis. Simpan ulang sebagai PDF biasa "
                 "(misalnya lewat Cetak ke PDF) lalu unggah lagi.")
    if reason == "encrypted":
        return _("PDF dikunci dengan kata sandi. Unggah PDF tanpa kata sandi.")
    return _("Berkas rusak atau tidak lengkap sehingga tidak dapat dibuka. Simpan ulang lalu unggah lagi.")


def _refuse(reason: str, label: str | None, **values: object) -> UploadError:
    message = _message(reason, values)
    return UploadError(f"{label}: {message}" if label else message, reason)


def check_upload(data: bytes, filename: str | None = None, *, kinds: frozenset[str] = DOCUMENT_KINDS,
                 max_bytes: int | None = None, max_pixels: int | None = None,
                 label: str | None = None) -> CheckedUpload:
    """The file as it may be stored, or :class:`UploadError`. ``label`` (e.g. "KTP") starts the
    message, for forms with several files."""
    max_bytes = max_bytes or _setting("UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)
    max_pixels = max_pixels or _setting("UPLOAD_MAX_PIXELS", DEFAULT_MAX_PIXELS)
    if not data:
        raise _refuse("empty", label)
    if len(data) > max_bytes:
        raise _refuse("too_large", label, mb=f"{max_bytes / (1024 * 1024):g}")
    kind = _sniff(data)
    if kind is None or kind not in kinds:
        raise _refuse("type", label, kinds=_kinds_text(kinds))
    if kind == "pdf":
        # Imported for PDFs only: pypdf was a fifth of the start-up of commands that never see one.
        from kiblat.platform.uploads import pdfs

        try:
            stored, pages = pdfs.check_pdf(data)
        except pdfs.PdfProblem as exc:
            raise _refuse(exc.reason, label) from None
        return CheckedUpload(stored, "application/pdf", ".pdf", safe_display_name(filename, ".pdf"), pages=pages)
    try:
        stored, media_type, extension, width, height = reencode(data, frozenset(kinds), max_pixels)
    except ImageProblem as exc:
        values = {"kinds": _kinds_text(kinds), "megapixels": f"{max_pixels / 1_000_000:g}"}
        raise _refuse(exc.reason, label, **values) from None
    return CheckedUpload(stored, media_type, extension, safe_display_name(filename, extension), width, height)
