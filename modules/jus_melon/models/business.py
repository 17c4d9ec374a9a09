"""A micro or small business and its IUMK (Izin Usaha Mikro Kecil)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiblat.modules.jus_melon.models.activity import Activity
from kiblat.tenants.database import TenantModel
from kiblat.tenants.models import utcnow

PENDING, ISSUED, REJECTED = "diajukan", "terbit", "ditolak"


class Business(TenantModel):
    __tablename__ = "jus_melon_business"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    tracking_hash: Mapped[str] = mapped_column(String(64))
    owner_name: Mapped[str] = mapped_column(String(200))
    nik_hash: Mapped[str] = mapped_column(String(64), index=True)
    nik_masked: Mapped[str] = mapped_column(String(16))
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    business_name: Mapped[str] = mapped_column(String(200), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("jus_melon_activity.id"), index=True)
    desa_code: Mapped[str] = mapped_column(ForeignKey("desa.code"), index=True)
    kecamatan_code: Mapped[str] = mapped_column(ForeignKey("kecamatan.code"), index=True)
    address: Mapped[str] = mapped_column(String(300))
    capital_band: Mapped[str] = mapped_column(String(12))
    turnover_band: Mapped[str] = mapped_column(String(12))
    scale: Mapped[str] = mapped_column(String(8))  # mikro | kecil
    photo_key: Mapped[str | None] = mapped_column(String(300), nullable=True)
    public_listing: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default=PENDING, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    # The village operator who filed it on behalf of the owner (the owner then has no account here).
    filed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    decided_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    decided_by_name: Mapped[str] = mapped_column(String(120), default="")
    decision_note: Mapped[str] = mapped_column(Text, default="")
    verify_token: Mapped[str | None] = mapped_column(String(40), nullable=True, unique=True)

    activity: Mapped[Activity] = relationship(Activity, lazy="joined")
