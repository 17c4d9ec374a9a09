"""Billing tables in the control plane: one account per tenant, its invoices, Stripe events."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiblat.platform.core.extensions import db
from kiblat.tenants.models import utcnow

# Billing modes
GOVERNMENT = "government"
STRIPE = "stripe"
MODES = (GOVERNMENT, STRIPE)

# Standing of an account
GOOD = "good"
GRACE = "grace"
SUSPENDED = "suspended"

# Invoice status
OPEN = "open"
PAID = "paid"
FAILED = "failed"
VOID = "void"


class BillingAccount(db.Model):
    """How a tenant pays, and where it stands (good, in grace, suspended for non-payment)."""

    __tablename__ = "billing_accounts"

    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True)
    mode: Mapped[str] = mapped_column(String(20), default=GOVERNMENT)
    contact_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    standing: Mapped[str] = mapped_column(String(20), default=GOOD)
    grace_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # True only when billing (not staff) suspended the tenant: only then does payment resume it.
    suspended_by_billing: Mapped[bool] = mapped_column(Boolean, default=False)
    stripe_customer_id: Mapped[str | None] = mapped_column(String(255), unique=True, nullable=True)
    stripe_subscription_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    stripe_subscription_status: Mapped[str | None] = mapped_column(String(30), nullable=True)
    # ``created`` of the Stripe event that last set the subscription fields (epoch seconds).
    stripe_subscription_event_at: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Invoice(db.Model):
    """A government invoice (``source=government``) or a Stripe invoice mirrored by webhook."""

    __tablename__ = "billing_invoices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    source: Mapped[str] = mapped_column(String(20), default=GOVERNMENT)
    stripe_invoice_id: Mapped[str | None] = mapped_column(String(255), unique=True, nullable=True)
    period_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    period_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    tier: Mapped[str | None] = mapped_column(String(20), nullable=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    total: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[str] = mapped_column(String(20), default=OPEN)
    payment_failed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    paid_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    payment_reference: Mapped[str | None] = mapped_column(String(120), nullable=True)

    lines: Mapped[list[InvoiceLine]] = relationship(
        back_populates="invoice", cascade="all, delete-orphan", order_by="InvoiceLine.id"
    )


class InvoiceLine(db.Model):
    __tablename__ = "billing_invoice_lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("billing_invoices.id", ondelete="CASCADE"), index=True)
    module_key: Mapped[str] = mapped_column(String(40), default="")
    description: Mapped[str] = mapped_column(String(200))
    amount: Mapped[int] = mapped_column(BigInteger)

    invoice: Mapped[Invoice] = relationship(back_populates="lines")


class StripeEvent(db.Model):
    """A Stripe event already processed: its id makes webhook delivery idempotent."""

    __tablename__ = "billing_stripe_events"

    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(100))
    created: Mapped[int] = mapped_column(BigInteger)
    tenant_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    outcome: Mapped[str] = mapped_column(String(40), default="processed")
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
