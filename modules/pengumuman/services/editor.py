"""Humas writes announcements: drafts, publishing now or at a time, withdrawing, editing."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kiblat.modules.pengumuman.models import Announcement, Category
from kiblat.modules.pengumuman.services import media
from kiblat.modules.pengumuman.services.announcements import (
    BODY_MAX,
    TITLE_MAX,
    AnnouncementError,
)
from kiblat.platform.core.times import as_utc
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.texts import _
from kiblat.tenants.database import tenant_db

DRAFT, SCHEDULED, PUBLISHED = "draft", "scheduled", "published"
EDITOR_LIST_SIZE = 100


def state(announcement: Announcement, now: datetime | None = None) -> str:
    if announcement.is_draft:
        return DRAFT
    return SCHEDULED if as_utc(announcement.published_at) > (now or datetime.now(UTC)) else PUBLISHED


def categories() -> list[Category]:
    return list(tenant_db.session.scalars(select(Category).order_by(Category.name)))


def recent() -> list[Announcement]:
    """The newest announcements in every state, for the editor's list."""
    return list(tenant_db.session.scalars(
        select(Announcement).options(selectinload(Announcement.category))
        .order_by(Announcement.created_at.desc(), Announcement.id.desc()).limit(EDITOR_LIST_SIZE)))


def get(announcement_id: int) -> Announcement | None:
    return tenant_db.session.get(Announcement, announcement_id)


def check(title: str, body: str, category_key: str) -> tuple[str, str, Category]:
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise AnnouncementError(_("Judul pengumuman wajib diisi."))
    if len(title) > TITLE_MAX:
        raise AnnouncementError(_("Judul pengumuman paling banyak %(n)s karakter.", n=TITLE_MAX))
    if not body:
        raise AnnouncementError(_("Isi pengumuman wajib diisi."))
    if len(body) > BODY_MAX:
        raise AnnouncementError(_("Isi pengumuman paling banyak %(n)s karakter.", n=BODY_MAX))
    category = tenant_db.session.scalar(select(Category).where(Category.key == category_key))
    if category is None:
        raise AnnouncementError(_("Pilih kategori yang tersedia."))
    return title, body, category


def save(announcement: Announcement | None, *, title: str, body: str, category_key: str, author_name: str,
         publish: bool, publish_at: datetime | None = None, pinned_until: datetime | None = None,
         files: media.Files | None = None, remove_cover: bool = False,
         remove_attachments: frozenset[int] = frozenset()) -> Announcement:
    """Create or change an announcement. ``publish`` False keeps (or makes) it a draft; True
    publishes it now, or at ``publish_at`` (UTC) when that is in the future. ``pinned_until``
    (UTC) keeps it above the others until then. ``files`` were checked by
    :func:`media.check_files`. Commits."""
    title, body, category = check(title, body, category_key)
    now = datetime.now(UTC)
    media.check_pin(announcement, pinned_until, now)
    if publish and publish_at is not None and publish_at <= now:
        publish_at = None  # a time already past means: now
    session = tenant_db.session
    created = announcement is None
    before = None if announcement is None else state(announcement, now)
    if announcement is None:
        announcement = Announcement(author_name=author_name[:120], created_at=now)
        session.add(announcement)
    else:
        announcement.updated_at = now
    announcement.title, announcement.body, announcement.category = title, body, category
    announcement.is_draft = not publish
    if publish:
        # Editing a published announcement keeps its date; anything else is published now (or then).
        announcement.published_at = publish_at or (as_utc(announcement.published_at) if before == PUBLISHED else now)
    elif created:
        announcement.published_at = now
    announcement.pinned_until = pinned_until
    session.flush()
    media.store(announcement, files or media.Files(None, announcement.cover_alt, []), remove_cover,
                remove_attachments)
    record("pengumuman.create" if created else "pengumuman.update", "announcement", announcement.id,
           title=title, state=state(announcement, now),
           pinned_until=pinned_until.isoformat() if pinned_until else None,
           cover=bool(announcement.cover_key), attachments=len(announcement.attachments))
    session.commit()
    return announcement


def withdraw(announcement: Announcement) -> None:
    """Take it off the public pages and the feed; it stays as a draft to edit or publish again."""
    announcement.is_draft = True
    announcement.updated_at = datetime.now(UTC)
    record("pengumuman.withdraw", "announcement", announcement.id)
    tenant_db.session.commit()
