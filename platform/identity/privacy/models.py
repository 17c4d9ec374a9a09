"""The privacy notice's versions, consents given to them, and citizens' deletion requests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kiblat.tenants.database import TenantModel
from kiblat.tenants.models import utcnow

# Status of a deletion request: waiting for an officer, carried out, or refused (with a reason).
WAITING, DONE, REFUSED = "menunggu", "selesai", "ditolak"


class PrivacyNotice(TenantModel):
    """One published version of the regency's privacy notice: the controller's details that fill
    the notice template. Rows are never changed; a change is a new version."""

    __tablename__ = "privacy_notice"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    controller_name: Mapped[str] = mapped_column(String(200))
    controller_address: Mapped[str] = mapped_column(String(300))
    dpo_name: Mapped[str] = mapped_column(String(120))
    dpo_email: Mapped[str] = mapped_column(String(254))
    dpo_phone: Mapped[str] = mapped_column(String(30), default="")
    # What changed since the previous version, in the admin's words (shown when asking again).
    changes: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class PrivacyConsent(TenantModel):
    """An account accepted version ``version`` of the notice (at registration, or later)."""

    __tablename__ = "privacy_consent"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    accepted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ErasureRequest(TenantModel):
    """A citizen asked for their personal data to be deleted; an admin carries it out or refuses."""

    __tablename__ = "privacy_erasure_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default=WAITING, index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    decided_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    decision_note: Mapped[str] = mapped_column(Text, default="")
    # {"erased": [...], "kept": [...]}: what was done, in the words the citizen was shown.
    report: Mapped[dict] = mapped_column(JSON, default=dict)
