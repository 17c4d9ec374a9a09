"""Covers, attachments and pins of announcements.

Files go through the platform's upload checks before anything is stored: a cover must be a
JPEG or PNG that Pillow decodes in full within the pixel limit (a decompression bomb is
refused), and is stored re-encoded without metadata (EXIF with a camera's position is gone) and
no wider than ``COVER_WIDTH``, so the public pages stay light. An attachment must be a PDF that
pypdf opens, without scripts or embedded files. Every file of a form is checked first; one
refused file stores nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime

from PIL import Image
from sqlalchemy import func, select

from kiblat.modules.pengumuman.models import Announcement, Attachment
from kiblat.modules.pengumuman.services.announcements import AnnouncementError
from kiblat.platform.core.times import as_utc
from kiblat.platform.identity.texts import _
from kiblat.platform.storage.files import tenant_storage
from kiblat.platform.uploads import PHOTO_KINDS, CheckedUpload, UploadError, check_upload
from kiblat.tenants.database import tenant_db

COVER_MAX_BYTES = 3 * 1024 * 1024
COVER_MAX_PIXELS = 30_000_000
COVER_WIDTH = 1200  # wide enough for a 1280 px screen's column, small enough for a phone on 3G
ALT_MAX = 300
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
ATTACHMENTS_MAX = 5
PDF_ONLY = frozenset({"pdf"})
PINNED_MAX = 3  # "pinned" means little when everything is


@dataclass(frozen=True)
class Upload:
    """A file as it came from the form: its bytes (at most the limit + 1) and its name."""

    data: bytes
    filename: str


@dataclass(frozen=True)
class Files:
    """What the editor's form asks for, checked before anything is saved."""

    cover: CheckedUpload | None
    cover_alt: str
    attachments: list[CheckedUpload]


def _smaller(checked: CheckedUpload) -> CheckedUpload:
    """The cover scaled down to ``COVER_WIDTH`` when wider (already re-encoded without metadata)."""
    if not checked.width or checked.width <= COVER_WIDTH:
        return checked
    with Image.open(io.BytesIO(checked.data)) as image:
        height = max(1, round(image.height * COVER_WIDTH / image.width))
        resized = image.resize((COVER_WIDTH, height), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        if checked.media_type == "image/jpeg":
            resized.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
        else:
            resized.save(out, "PNG", optimize=True)
    return CheckedUpload(out.getvalue(), checked.media_type, checked.extension, checked.display_name,
                         COVER_WIDTH, height)


def check_files(announcement: Announcement | None, cover: Upload | None, cover_alt: str,
                attachments: list[Upload], remove_cover: bool = False) -> Files:
    """Every file checked (nothing stored); ``AnnouncementError`` with a message to show."""
    cover_alt = (cover_alt or "").strip()
    if len(cover_alt) > ALT_MAX:
        raise AnnouncementError(_("Teks alternatif gambar sampul paling banyak %(n)s karakter.", n=ALT_MAX))
    checked_cover = None
    if cover is not None and cover.data:
        try:
            checked_cover = _smaller(check_upload(cover.data, cover.filename, kinds=PHOTO_KINDS,
                                                  max_bytes=COVER_MAX_BYTES, max_pixels=COVER_MAX_PIXELS,
                                                  label=_("Gambar sampul")))
        except UploadError as exc:
            raise AnnouncementError(str(exc)) from None
    has_cover = checked_cover is not None or (announcement is not None and announcement.cover_key and not remove_cover)
    if has_cover and not cover_alt:
        raise AnnouncementError(_("Tulis teks alternatif gambar sampul: apa yang terlihat, untuk pembaca layar "
                                  "dan bila gambar tidak termuat."))
    kept = len(announcement.attachments) if announcement is not None else 0
    sent = [a for a in attachments if a.data]
    if kept + len(sent) > ATTACHMENTS_MAX:
        raise AnnouncementError(_("Paling banyak %(n)s lampiran per pengumuman.", n=ATTACHMENTS_MAX))
    checked = []
    for upload in sent:
        try:
            checked.append(check_upload(upload.data, upload.filename, kinds=PDF_ONLY, max_bytes=ATTACHMENT_MAX_BYTES,
                                        label=_("Lampiran %(name)s", name=(upload.filename or "")[:80])))
        except UploadError as exc:
            raise AnnouncementError(str(exc)) from None
    return Files(checked_cover, cover_alt, checked)


def store(announcement: Announcement, files: Files, remove_cover: bool = False,
          remove_attachments: frozenset[int] = frozenset()) -> None:
    """Keep the checked files with ``announcement`` (flushed, not committed); old files removed."""
    storage = tenant_storage()
    old_cover = announcement.cover_key
    if files.cover is not None:
        announcement.cover_key = storage.save(io.BytesIO(files.cover.data), files.cover.display_name,
                                              folder="pengumuman/sampul")
        announcement.cover_media_type = files.cover.media_type
        announcement.cover_width, announcement.cover_height = files.cover.width, files.cover.height
    elif remove_cover:
        announcement.cover_key, announcement.cover_media_type = "", ""
        announcement.cover_width = announcement.cover_height = None
    announcement.cover_alt = files.cover_alt if announcement.cover_key else ""
    if old_cover and old_cover != announcement.cover_key:
        storage.delete(old_cover)
    for attachment in list(announcement.attachments):
        if attachment.id in remove_attachments:
            storage.delete(attachment.storage_key)
            announcement.attachments.remove(attachment)
    for checked in files.attachments:
        key = storage.save(io.BytesIO(checked.data), checked.display_name, folder="pengumuman/lampiran")
        announcement.attachments.append(Attachment(storage_key=key, display_name=checked.display_name[:200],
                                                   size=checked.size, pages=checked.pages or 0,
                                                   created_at=datetime.now(UTC)))
    tenant_db.session.flush()


def read(key: str) -> bytes:
    with tenant_storage().open(key) as stream:
        return stream.read()


def is_pinned(announcement: Announcement, now: datetime | None = None) -> bool:
    return announcement.pinned_until is not None and as_utc(announcement.pinned_until) > (now or datetime.now(UTC))


def check_pin(announcement: Announcement | None, pinned_until: datetime | None, now: datetime | None = None) -> None:
    """A pin ends in the future, and at most ``PINNED_MAX`` announcements are pinned at once."""
    if pinned_until is None:
        return
    now = now or datetime.now(UTC)
    if pinned_until <= now:
        raise AnnouncementError(_("Tanggal akhir sematan harus setelah sekarang."))
    others = select(func.count()).select_from(Announcement).where(
        Announcement.pinned_until > now, Announcement.is_draft.is_(False))
    if announcement is not None and announcement.id is not None:
        others = others.where(Announcement.id != announcement.id)
    if (tenant_db.session.scalar(others) or 0) >= PINNED_MAX:
        raise AnnouncementError(_("Sudah ada %(n)s pengumuman yang disematkan; lepaskan salah satu dulu.",
                                  n=PINNED_MAX))
