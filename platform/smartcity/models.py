"""Indicator snapshots and publication choices, in the control plane: numbers only, never
personal data, so regencies are compared without opening any tenant's data."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kiblat.platform.core.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


class IndicatorSnapshot(db.Model):
    """One indicator of one regency for one month (``period`` ``YYYY-MM``); recomputing in the
    same month replaces the value, earlier months stay as history."""

    __tablename__ = "smart_city_snapshots"
    __table_args__ = (UniqueConstraint("tenant_id", "indicator", "period", name="uq_smart_city_snapshots_period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    # "<module key>.<indicator key>"
    indicator: Mapped[str] = mapped_column(String(81))
    period: Mapped[str] = mapped_column(String(7))
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    # Why the last run has no value (failed, too slow): shown to staff and the regency admin.
    error: Mapped[str] = mapped_column(String(300), default="")
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PublishedIndicator(db.Model):
    """An indicator the regency chose to show publicly (absent: private)."""

    __tablename__ = "smart_city_published"

    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True)
    indicator: Mapped[str] = mapped_column(String(81), primary_key=True)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
