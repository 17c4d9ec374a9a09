"""Pickups, deposits (weighing receipts) and withdrawals: the events that move money."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiblat.modules.jumpa_madu.models.config import PickupWindow, WasteCategory
from kiblat.modules.jumpa_madu.models.ledger import Nasabah
from kiblat.tenants.database import TenantModel
from kiblat.tenants.models import utcnow

PICKUP_STATUSES = ("requested", "scheduled", "assigned", "picked_up", "cancelled")
WITHDRAWAL_STATUSES = ("requested", "approved", "paid", "rejected")


class WastePickup(TenantModel):
    __tablename__ = "jumpa_madu_pickup"
    __table_args__ = (
        CheckConstraint(
            "status IN ('requested', 'scheduled', 'assigned', 'picked_up', 'cancelled')",
            name="status",
        ),
        Index("ix_jumpa_madu_pickup_date_collector", "pickup_date", "collector_user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nasabah_id: Mapped[int] = mapped_column(ForeignKey("jumpa_madu_nasabah.id"), index=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("jumpa_madu_bank.id"), index=True)
    desa_code: Mapped[str] = mapped_column(ForeignKey("desa.code"))
    address: Mapped[str] = mapped_column(String(300))
    window_id: Mapped[int] = mapped_column(ForeignKey("jumpa_madu_window.id"))
    pickup_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="requested")
    collector_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    cancel_reason: Mapped[str] = mapped_column(String(300), default="")
    photo_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    requested_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    picked_up_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    nasabah: Mapped[Nasabah] = relationship(Nasabah, lazy="joined")
    window: Mapped[PickupWindow] = relationship(PickupWindow, lazy="joined")
    items: Mapped[list[WastePickupItem]] = relationship(
        "kiblat.modules.jumpa_madu.models.operations.WastePickupItem",
        lazy="selectin",
        cascade="all, delete-orphan",
    )


class WastePickupItem(TenantModel):
    """What the citizen expects to hand over (estimate only; money follows the weighing)."""

    __tablename__ = "jumpa_madu_pickup_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pickup_id: Mapped[int] = mapped_column(ForeignKey("jumpa_madu_pickup.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("jumpa_madu_category.id"))
    estimated_grams: Mapped[int] = mapped_column(BigInteger, default=0)

    category: Mapped[WasteCategory] = relationship(WasteCategory, lazy="joined")


class WasteDeposit(TenantModel):
    """A weighing receipt: immutable once written (triggers), like the ledger entry it credits."""

    __tablename__ = "jumpa_madu_deposit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nasabah_id: Mapped[int] = mapped_column(ForeignKey("jumpa_madu_nasabah.id"), index=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("jumpa_madu_bank.id"))
    pickup_id: Mapped[int | None] = mapped_column(
        ForeignKey("jumpa_madu_pickup.id"), unique=True, nullable=True
    )
    # The weighing form's one-time key: a second submit finds this row instead of paying twice.
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("jumpa_madu_entry.id"), unique=True)
    total_grams: Mapped[int] = mapped_column(BigInteger)
    total_amount: Mapped[int] = mapped_column(BigInteger)
    desa_code: Mapped[str] = mapped_column(String(13), index=True)
    weighed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    recorded_by_user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)

    lines: Mapped[list[WasteDepositLine]] = relationship(
        "kiblat.modules.jumpa_madu.models.operations.WasteDepositLine",
        lazy="selectin",
        order_by="kiblat.modules.jumpa_madu.models.operations.WasteDepositLine.id",
    )


class WasteDepositLine(TenantModel):
    __tablename__ = "jumpa_madu_deposit_line"
    __table_args__ = (CheckConstraint("grams > 0", name="grams_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deposit_id: Mapped[int] = mapped_column(ForeignKey("jumpa_madu_deposit.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("jumpa_madu_category.id"), index=True)
    grams: Mapped[int] = mapped_column(BigInteger)
    # Snapshot of the price valid at weighing time (and which price row it came from).
    price_id: Mapped[int] = mapped_column(ForeignKey("jumpa_madu_price.id"))
    price_per_kg: Mapped[int] = mapped_column(BigInteger)
    amount: Mapped[int] = mapped_column(BigInteger)

    category: Mapped[WasteCategory] = relationship(WasteCategory, lazy="joined")


class SavingsWithdrawal(TenantModel):
    __tablename__ = "jumpa_madu_withdrawal"
    __table_args__ = (
        CheckConstraint("status IN ('requested', 'approved', 'paid', 'rejected')", name="status"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nasabah_id: Mapped[int] = mapped_column(ForeignKey("jumpa_madu_nasabah.id"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(20), default="requested")
    # The debit made when the request was accepted (money held), and its release on rejection.
    hold_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("jumpa_madu_entry.id"), unique=True, nullable=True
    )
    release_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("jumpa_madu_entry.id"), nullable=True
    )
    method: Mapped[str | None] = mapped_column(String(20), nullable=True)
    payment_reference: Mapped[str] = mapped_column(String(80), default="")
    reject_reason: Mapped[str] = mapped_column(String(300), default="")
    requested_by_user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    decided_by_user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    nasabah: Mapped[Nasabah] = relationship(Nasabah, lazy="joined")
