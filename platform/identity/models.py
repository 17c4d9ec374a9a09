"""A regency's users, its OPD (agencies) and invitations, in the tenant's own schema.

Personal data is kept so it can be matched but not read back in bulk: a NIK is
stored as a keyed hash (for lookups), an encrypted value (for the rare lawful read)
and a masked form (for display).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiblat.tenants.database import TenantModel
from kiblat.tenants.models import utcnow


class Opd(TenantModel):
    """Organisasi Perangkat Daerah: one of the regency's agencies, managed by its admin."""

    __tablename__ = "opd"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(40), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class User(TenantModel):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("email IS NOT NULL OR phone IS NOT NULL", name="contact"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Stored lower-cased, so uniqueness is case-insensitive on both backends.
    email: Mapped[str | None] = mapped_column(String(254), unique=True, nullable=True)
    # E.164, e.g. +6281234567890.
    phone: Mapped[str | None] = mapped_column(String(20), unique=True, nullable=True)
    name: Mapped[str] = mapped_column(String(120))
    # The main role (citizen, officer, village_operator, admin or a module's role).
    role_key: Mapped[str] = mapped_column(String(60))
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    nik_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    nik_cipher: Mapped[str | None] = mapped_column(Text, nullable=True)
    nik_masked: Mapped[str | None] = mapped_column(String(16), nullable=True)
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    opd_id: Mapped[int | None] = mapped_column(ForeignKey("opd.id"), nullable=True, index=True)
    desa_code: Mapped[str | None] = mapped_column(ForeignKey("desa.code"), nullable=True, index=True)
    # Staff whose work is scoped to a kecamatan (the IUMK check at the camat's office).
    kecamatan_code: Mapped[str | None] = mapped_column(ForeignKey("kecamatan.code"), nullable=True, index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    totp_secret_cipher: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Set once a code from the authenticator app confirmed the secret; until then it is pending.
    totp_enabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # The last accepted 30-second step: a code is accepted once, never replayed.
    totp_last_step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Bumped when the password changes or sessions are revoked: older cookies stop working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    opd: Mapped[Opd | None] = relationship()
    extra_roles: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def role_keys(self) -> frozenset[str]:
        return frozenset({self.role_key, *(r.role_key for r in self.extra_roles)})


class UserRole(TenantModel):
    """An additional role beside the main one (e.g. an officer who is also a collector)."""

    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role_key: Mapped[str] = mapped_column(String(60), primary_key=True)


class Invitation(TenantModel):
    """A one-time link to set a password; only a hash of the token is stored."""

    __tablename__ = "user_invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AccountToken(TenantModel):
    """A one-time emailed link (verify the address, reset the password); only a hash is stored."""

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # "verify_email" or "reset_password"
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class UserSession(TenantModel):
    """A signed-in session, known to the server: signing out deletes it, so a copied cookie is
    worthless afterwards. The cookie carries the session id; only its SHA-256 is stored."""

    __tablename__ = "user_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RecoveryCode(TenantModel):
    """A one-time code that stands in for a two-factor code when the phone is lost.
    Only a keyed hash is kept; the codes are shown once, when made."""

    __tablename__ = "user_recovery_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class NikCorrection(TenantModel):
    """A citizen's request to correct the NIK on their account, decided by the regency admin.
    The new NIK is kept protected like the account's own (hash, cipher, masked form)."""

    __tablename__ = "nik_corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    old_masked: Mapped[str | None] = mapped_column(String(16), nullable=True)
    new_nik_hash: Mapped[str] = mapped_column(String(64))
    new_nik_cipher: Mapped[str] = mapped_column(Text)
    new_masked: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    # "pending", "approved" or "rejected"
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    decision_note: Mapped[str] = mapped_column(Text, default="")
    decided_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class SmsGateway(TenantModel):
    """The regency's SMS or WhatsApp gateway (at most one row): an HTTP webhook that delivers
    short messages, such as password reset codes for accounts without email (sms_gateway.py)."""

    __tablename__ = "sms_gateways"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    # Fernet, keyed from the data key (platform/identity/crypto.py); never stored in clear.
    secret_cipher: Mapped[str] = mapped_column(Text)
    # sms | whatsapp
    channel: Mapped[str] = mapped_column(String(10), default="sms")
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
