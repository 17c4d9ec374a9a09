"""A regency's OpenID Connect provider and the outside identities linked to its users.

Both live in the tenant's own schema, so one regency's provider, secret and links are
never visible to another.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kiblat.tenants.database import TenantModel
from kiblat.tenants.models import utcnow


class OidcProvider(TenantModel):
    """The regency's single sign-on provider (at most one row per tenant)."""

    __tablename__ = "oidc_providers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    issuer: Mapped[str] = mapped_column(String(255))
    client_id: Mapped[str] = mapped_column(String(255))
    # Fernet, keyed from the data key (platform/identity/crypto.py); never stored in clear.
    client_secret_cipher: Mapped[str] = mapped_column(Text)
    display_name: Mapped[str] = mapped_column(String(80))
    scopes: Mapped[str] = mapped_column(String(255), default="openid email profile")
    # Which claims of the provider give the user's email, name and phone number.
    email_claim: Mapped[str] = mapped_column(String(80), default="email")
    name_claim: Mapped[str] = mapped_column(String(80), default="name")
    phone_claim: Mapped[str] = mapped_column(String(80), default="phone_number")
    # The role a user first seen through this provider gets.
    default_role: Mapped[str] = mapped_column(String(60), default="citizen")
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class OidcIdentity(TenantModel):
    """An account at a provider ((issuer, subject)) linked to one of the regency's users."""

    __tablename__ = "oidc_identities"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    issuer: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
