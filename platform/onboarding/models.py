"""Control-plane records of self-onboarding: applicants, their requests, one-time tokens
and the staff's onboarding settings. None of this lives in a tenant: there is no tenant yet."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiblat.platform.core.extensions import db
from kiblat.tenants.models import utcnow


class Applicant(db.Model):
    """A regency admin-to-be with an account on the platform host."""

    __tablename__ = "onboarding_applicants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Stored lower-cased, so uniqueness is case-insensitive on both backends.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def verified(self) -> bool:
        return self.email_verified_at is not None


class OnboardingRequest(db.Model):
    """One applicant's wizard (a draft) and, once submitted, their request for a regency."""

    __tablename__ = "onboarding_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("onboarding_applicants.id", ondelete="CASCADE"),
                                              unique=True)
    # draft | review | approved | provisioning | active | failed | rejected
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    region_code: Mapped[str | None] = mapped_column(String(5), nullable=True, index=True)
    slug: Mapped[str | None] = mapped_column(String(31), nullable=True, index=True)
    # official (a verified .go.id email) | letter (an assignment letter, reviewed by staff)
    proof: Mapped[str | None] = mapped_column(String(20), nullable=True)
    letter_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    logo_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # Branding, modules, template and accepted price: what each step saved.
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    steps_done: Mapped[list] = mapped_column(JSON, default=list)
    review_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"),
                                                    nullable=True)
    auto_approved: Mapped[bool] = mapped_column(Boolean, default=False)
    run_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    applicant: Mapped[Applicant] = relationship()


class OnboardingToken(db.Model):
    """A one-time emailed or handoff link; only a SHA-256 of the token is stored."""

    __tablename__ = "onboarding_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("onboarding_applicants.id", ondelete="CASCADE"),
                                              index=True)
    # verify_email | handoff
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # A handoff token works on this tenant's host only.
    tenant_slug: Mapped[str | None] = mapped_column(String(31), nullable=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OnboardingSetting(db.Model):
    """Staff settings of onboarding (``auto_approve``: ``on``/``off``)."""

    __tablename__ = "onboarding_settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class OfficialDomain(db.Model):
    """An email domain staff have recorded as official for one region (``deliserdangkab.go.id``
    for 12.07): a verified address on it may have that region's request approved automatically;
    any other address — another region's ``.go.id`` included — goes to staff review."""

    __tablename__ = "onboarding_official_domains"

    domain: Mapped[str] = mapped_column(String(253), primary_key=True)  # lower case
    region_code: Mapped[str] = mapped_column(String(5), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
