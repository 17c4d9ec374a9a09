"""Announcement logic, always inside the current tenant (``tenant_db.session``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from kiblat.modules.pengumuman.models import Announcement, Category
from kiblat.platform.core.times import as_utc
from kiblat.tenants.database import tenant_db

# The columns' sizes: limits of the data, not settings a regency could change.
TITLE_MAX, BODY_MAX = 200, 20_000
# Feed readers show the newest items; older ones stay on the pages.
FEED_ITEMS = 20


class AnnouncementError(ValueError):
    pass


@dataclass(frozen=True)
class Page:
    items: list[Announcement]
    page: int
    pages: int
    total: int


def publish(title: str, body: str, category_key: str = "umum", author_name: str = "",
            published_at: datetime | None = None) -> Announcement:
    title, body = title.strip(), body.strip()
    if not title:
        raise AnnouncementError("Judul pengumuman wajib diisi")
    if len(title) > TITLE_MAX:
        raise AnnouncementError(f"Judul pengumuman paling banyak {TITLE_MAX} karakter")
    if not body:
        raise AnnouncementError("Isi pengumuman wajib diisi")
    if len(body) > BODY_MAX:
        raise AnnouncementError(f"Isi pengumuman paling banyak {BODY_MAX} karakter")
    session = tenant_db.session
    category = session.scalar(select(Category).where(Category.key == category_key))
    if category is None:
        raise AnnouncementError(f"Kategori {category_key!r} tidak dikenal")
    announcement = Announcement(
        title=title,
        body=body,
        category=category,
        author_name=author_name.strip()[:120],
        published_at=published_at or datetime.now(UTC),
    )
    session.add(announcement)
    session.commit()
    return announcement


def published_page(page: int, per_page: int, pinned_first: bool = True) -> Page:
    session = tenant_db.session
    now = datetime.now(UTC)
    visible = (Announcement.published_at <= now) & Announcement.is_draft.is_(False)
    total = session.scalar(select(func.count()).select_from(Announcement).where(visible)) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    items = session.scalars(
        select(Announcement)
        .options(selectinload(Announcement.category), selectinload(Announcement.attachments))
        .where(visible)
        # Pinned announcements (their end date still ahead) come first, newest first among them.
        .order_by(*((case((Announcement.pinned_until > now, 0), else_=1),) if pinned_first else ()),
                  Announcement.published_at.desc(), Announcement.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return Page(list(items), page, pages, total)


def get_published(announcement_id: int) -> Announcement | None:
    announcement = tenant_db.session.get(Announcement, announcement_id)
    if announcement is None or announcement.is_draft:
        return None
    return announcement if as_utc(announcement.published_at) <= datetime.now(UTC) else None


def next_change(now: datetime | None = None) -> datetime | None:
    """When the public pages next change with time alone: the next scheduled publication or the
    next end of a pin, whichever comes first; ``None`` if neither is ahead."""
    now = now or datetime.now(UTC)
    session = tenant_db.session
    publication = session.scalar(select(func.min(Announcement.published_at))
                                 .where(Announcement.published_at > now, Announcement.is_draft.is_(False)))
    pin_end = session.scalar(select(func.min(Announcement.pinned_until)).where(Announcement.pinned_until > now))
    return min((as_utc(moment) for moment in (publication, pin_end) if moment is not None), default=None)


def seconds_until_next_change() -> float | None:
    """:func:`next_change` as seconds from now, for the page cache."""
    now = datetime.now(UTC)
    moment = next_change(now)
    return None if moment is None else (moment - now).total_seconds()


def latest(limit: int = 20) -> list[Announcement]:
    return published_page(1, limit, pinned_first=False).items  # feeds stay in date order
