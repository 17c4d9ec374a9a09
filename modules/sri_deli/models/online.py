"""The regency's own Stripe account for paying retribusi online (keys kept encrypted)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kiblat.tenants.database import TenantModel
from kiblat.tenants.models import utcnow


class StripeAccount(TenantModel):
    """One row: the secret API key and the webhook signing secret of the regency's Stripe
    account, each encrypted with the data key. Money goes to the regency, never to the platform."""

    __tablename__ = "sri_deli_stripe_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    secret_key_cipher: Mapped[str] = mapped_column(Text, default="")
    webhook_secret_cipher: Mapped[str] = mapped_column(Text, default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by_name: Mapped[str] = mapped_column(String(120), default="")
