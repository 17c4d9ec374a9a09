"""A citizen's application, its uploaded documents and its history of transitions."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiblat.modules.sri_deli.models.catalogue import PermitType
from kiblat.tenants.database import TenantModel
from kiblat.tenants.models import utcnow

# Status codes, after OSS-RBA: in process (at a stage), paused for revision, decided.
IN_PROCESS, REVISION, APPROVED, REJECTED = "diproses", "perbaikan", "disetujui", "ditolak"
# Approved, but a paid permit is issued only once its retribusi is paid (see models/bill.py).
AWAITING_PAYMENT = "tagihan"
OPEN_STATUSES = (IN_PROCESS, REVISION)
# What a person reads for each status and each event of the history, in their language.
STATUS_LABELS = {IN_PROCESS: _l("Sedang diproses"), REVISION: _l("Perlu perbaikan"), APPROVED: _l("Disetujui"),
                 REJECTED: _l("Ditolak"), AWAITING_PAYMENT: _l("Menunggu pembayaran retribusi")}
EVENT_LABELS = {"submitted": _l("Diajukan"), "accepted": _l("Tahap selesai"),
                "revision": _l("Dikembalikan untuk perbaikan"), "resubmitted": _l("Perbaikan dikirim"),
                "survey": _l("Catatan peninjauan"), "approved": _l("Disetujui"), "rejected": _l("Ditolak"),
                "revoked": _l("Izin dicabut"), "billed": _l("Tagihan retribusi dibuat"),
                "paid": _l("Retribusi lunas, izin terbit"), "expired": _l("Tagihan kedaluwarsa")}


class Application(TenantModel):
    __tablename__ = "sri_deli_application"
    __table_args__ = (Index("ix_sri_deli_application_queue", "opd_short_name", "status", "stage_index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    tracking_hash: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    permit_type_id: Mapped[int] = mapped_column(ForeignKey("sri_deli_permit_type.id"), index=True)
    opd_short_name: Mapped[str] = mapped_column(String(40))
    applicant_kind: Mapped[str] = mapped_column(String(12))  # perorangan | badan_usaha
    applicant_name: Mapped[str] = mapped_column(String(200))
    nik_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    nik_masked: Mapped[str | None] = mapped_column(String(16), nullable=True)
    nib: Mapped[str | None] = mapped_column(String(13), nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    desa_code: Mapped[str] = mapped_column(ForeignKey("desa.code"))
    address: Mapped[str] = mapped_column(String(300))
    form_data: Mapped[dict] = mapped_column(JSON, default=dict)
    fee: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(12), default=IN_PROCESS)
    stage_index: Mapped[int] = mapped_column(Integer, default=0)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    filed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    paused_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # [[start, end], ...] ISO timestamps of finished pauses (revision rounds).
    pauses: Mapped[list] = mapped_column(JSON, default=list)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    decision_note: Mapped[str] = mapped_column(Text, default="")
    certificate_number: Mapped[str | None] = mapped_column(String(60), nullable=True, unique=True)
    verify_token: Mapped[str | None] = mapped_column(String(40), nullable=True, unique=True)
    valid_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")

    permit_type: Mapped[PermitType] = relationship(PermitType, lazy="joined")
    documents: Mapped[list[ApplicationDocument]] = relationship(
        "kiblat.modules.sri_deli.models.application.ApplicationDocument", cascade="all, delete-orphan",
        order_by="kiblat.modules.sri_deli.models.application.ApplicationDocument.id")
    events: Mapped[list[ApplicationEvent]] = relationship(
        "kiblat.modules.sri_deli.models.application.ApplicationEvent", cascade="all, delete-orphan",
        order_by="kiblat.modules.sri_deli.models.application.ApplicationEvent.id")

    @property
    def stage(self) -> dict | None:
        stages = self.permit_type.stages
        if self.status not in (IN_PROCESS, REVISION) or self.stage_index >= len(stages):
            return None
        return stages[self.stage_index]


class ApplicationDocument(TenantModel):
    __tablename__ = "sri_deli_document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("sri_deli_application.id", ondelete="CASCADE"), index=True)
    doc_key: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(200))
    storage_key: Mapped[str] = mapped_column(String(300))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ApplicationEvent(TenantModel):
    """One transition or note: who, when, what, why. Shown to the citizen (without names)."""

    __tablename__ = "sri_deli_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("sri_deli_application.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    actor_name: Mapped[str] = mapped_column(String(120), default="")
    # submitted | filed_for | accepted | revision | resubmitted | survey | approved | rejected | revoked
    action: Mapped[str] = mapped_column(String(20))
    stage_key: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # Survey notes are internal to officers; everything else is visible to the applicant.
    public: Mapped[bool] = mapped_column(Boolean, default=True)
