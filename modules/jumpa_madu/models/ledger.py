"""The money: nasabah accounts, an append-only ledger and a balance table for fast reads.

Amounts are whole Rupiah (integers). A credit is positive, a debit negative. The database
refuses UPDATE and DELETE on entries (triggers in the migration) and a negative balance
(check constraint); ``services/ledger.py`` is the only writer.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiblat.platform.identity.models import User
from kiblat.tenants.database import TenantModel
from kiblat.tenants.models import utcnow

ENTRY_KINDS = ("deposit", "withdrawal", "withdrawal_release", "correction")


class Nasabah(TenantModel):
    """A waste-bank customer: a regency account with a savings book."""

    __tablename__ = "jumpa_madu_nasabah"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    account_no: Mapped[str] = mapped_column(String(20), unique=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("jumpa_madu_bank.id"), index=True)
    desa_code: Mapped[str] = mapped_column(ForeignKey("desa.code"), index=True)
    address: Mapped[str] = mapped_column(String(300))
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    registered_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship(User, foreign_keys=[user_id], lazy="joined")


class SavingsBalance(TenantModel):
    __tablename__ = "jumpa_madu_balance"
    __table_args__ = (CheckConstraint("balance >= 0", name="not_negative"),)

    nasabah_id: Mapped[int] = mapped_column(ForeignKey("jumpa_madu_nasabah.id"), primary_key=True)
    balance: Mapped[int] = mapped_column(BigInteger, default=0)
    entry_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LedgerEntry(TenantModel):
    __tablename__ = "jumpa_madu_entry"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('deposit', 'withdrawal', 'withdrawal_release', 'correction')", name="kind"
        ),
        CheckConstraint("amount <> 0", name="not_zero"),
        CheckConstraint("balance_after >= 0", name="balance_not_negative"),
        Index("ix_jumpa_madu_entry_nasabah_id_id", "nasabah_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nasabah_id: Mapped[int] = mapped_column(ForeignKey("jumpa_madu_nasabah.id"))
    kind: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(BigInteger)
    balance_after: Mapped[int] = mapped_column(BigInteger)
    # What the entry is about: "deposit:12", "withdrawal:3"; a correction names the entry it reverses.
    reference: Mapped[str] = mapped_column(String(40), default="")
    reverses_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("jumpa_madu_entry.id"), unique=True, nullable=True
    )
    memo: Mapped[str] = mapped_column(String(300), default="")
    created_by_user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
