"""Configuration tables: what a regency sets up once and may copy from a template regency."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiblat.tenants.database import TenantModel
from kiblat.tenants.models import utcnow


class WasteBank(TenantModel):
    """A bank sampah: the regency's ``induk`` or one of its ``unit`` banks."""

    __tablename__ = "jumpa_madu_bank"
    __table_args__ = (CheckConstraint("kind IN ('induk', 'unit')", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(10))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("jumpa_madu_bank.id"), nullable=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    areas: Mapped[list[WasteBankArea]] = relationship(
        "kiblat.modules.jumpa_madu.models.config.WasteBankArea",
        back_populates="bank",
        lazy="selectin",
    )


class WasteBankArea(TenantModel):
    """A kecamatan (``12.07.01``) or desa (``12.07.01.2001``) a bank serves."""

    __tablename__ = "jumpa_madu_bank_area"
    __table_args__ = (UniqueConstraint("bank_id", "region_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("jumpa_madu_bank.id"), index=True)
    region_code: Mapped[str] = mapped_column(String(13), index=True)

    bank: Mapped[WasteBank] = relationship(WasteBank, back_populates="areas")


class WasteCategory(TenantModel):
    __tablename__ = "jumpa_madu_category"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    group: Mapped[str] = mapped_column(String(60), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class WastePrice(TenantModel):
    """Price per kg in whole Rupiah from ``effective_from`` on; rows are never changed, only added."""

    __tablename__ = "jumpa_madu_price"
    __table_args__ = (
        UniqueConstraint("category_id", "effective_from"),
        CheckConstraint("price_per_kg >= 0", name="not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("jumpa_madu_category.id"), index=True)
    price_per_kg: Mapped[int] = mapped_column(BigInteger)
    effective_from: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    category: Mapped[WasteCategory] = relationship(WasteCategory)


class PickupWindow(TenantModel):
    """A pickup time window, e.g. 08.00–10.00 (local time, ``HH:MM``)."""

    __tablename__ = "jumpa_madu_window"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(60))
    starts: Mapped[str] = mapped_column(String(5))
    ends: Mapped[str] = mapped_column(String(5))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class BankPolicy(TenantModel):
    """One row: the regency's rules for money and weights."""

    __tablename__ = "jumpa_madu_policy"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    min_withdrawal: Mapped[int] = mapped_column(BigInteger, default=10_000)
    max_unconfirmed_grams: Mapped[int] = mapped_column(BigInteger, default=500_000)
