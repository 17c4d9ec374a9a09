from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiblat.tenants.database import TenantModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Category(TenantModel):
    """Reference data seeded when the module is enabled (configuration, not citizen data)."""

    __tablename__ = "pengumuman_category"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80))


class Announcement(TenantModel):
    __tablename__ = "pengumuman_announcement"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("pengumuman_category.id"), nullable=True)
    author_name: Mapped[str] = mapped_column(String(120), default="")
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Kept from the public while written or after being withdrawn; published_at in the future
    # is a scheduled announcement.
    is_draft: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    # Shown above the others until this moment (UTC); None: not pinned.
    pinned_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # The cover image as stored after the upload checks (re-encoded, resized); "" when none.
    cover_key: Mapped[str] = mapped_column(String(300), default="", server_default="")
    cover_media_type: Mapped[str] = mapped_column(String(40), default="", server_default="")
    cover_alt: Mapped[str] = mapped_column(String(300), default="", server_default="")
    cover_width: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cover_height: Mapped[int | None] = mapped_column(Integer, nullable=True)

    category: Mapped[Category | None] = relationship()
    attachments: Mapped[list[Attachment]] = relationship(
        "kiblat.modules.pengumuman.models.Attachment", back_populates="announcement",
        order_by="kiblat.modules.pengumuman.models.Attachment.id", cascade="all, delete-orphan")


class Attachment(TenantModel):
    """A PDF attached to an announcement, checked by the platform's upload checks."""

    __tablename__ = "pengumuman_attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("pengumuman_announcement.id"), index=True)
    storage_key: Mapped[str] = mapped_column(String(300))
    display_name: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    announcement: Mapped[Announcement] = relationship(Announcement, back_populates="attachments")
