"""Pengumuman's smart-city indicators (the manifest's ``indicators``): counts only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from kiblat.modules.pengumuman.models import Announcement
from kiblat.tenants.database import tenant_db

WINDOW_DAYS = 90


def announcements_per_month() -> float:
    """Announcements published in the last 90 days, per 30 days."""
    now = datetime.now(UTC)
    count = tenant_db.session.scalar(
        select(func.count()).select_from(Announcement).where(
            Announcement.is_draft.is_(False),
            Announcement.published_at <= now,
            Announcement.published_at > now - timedelta(days=WINDOW_DAYS),
        )
    )
    return round((count or 0) * 30 / WINDOW_DAYS, 2)
