"""A regency's payment account per module, and the Stripe events already handled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kiblat.tenants.database import TenantModel
from kiblat.tenants.models import utcnow


class PaymentAccount(TenantModel):
    """One row per owner (a module's key): the regency's Stripe secret key and webhook signing
    secret, each encrypted with the data key. The money goes to the regency."""

    __tablename__ = "payment_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(40), unique=True)
    secret_key_cipher: Mapped[str] = mapped_column(Text, default="")
    webhook_secret_cipher: Mapped[str] = mapped_column(Text, default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by_name: Mapped[str] = mapped_column(String(120), default="")


class PaymentEvent(TenantModel):
    """Every Stripe event handled once per owner: a redelivered event id finds its row and
    changes nothing. ``ref`` is the owner's code for what was paid (a bill, a booking)."""

    __tablename__ = "payment_event"
    __table_args__ = (UniqueConstraint("owner", "event_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(40))
    event_id: Mapped[str] = mapped_column(String(255))
    ref: Mapped[str] = mapped_column(String(80), default="")
    outcome: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
