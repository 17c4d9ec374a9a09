"""MeSRA Bertuah's tables. Everything a reporter or a handler writes about a case (the
account, messages, identity, file names and file contents) is stored only as ciphertext
(``*_enc`` columns, see ``services/vault.py``); the plain columns are routing and counting
facts: school, form of violence, stage, dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiblat.tenants.database import TenantModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class School(TenantModel):
    __tablename__ = "mesra_school"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    npsn: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(10))  # paud, sd, smp, sma, smk, slb
    status: Mapped[str] = mapped_column(String(10))  # negeri, swasta
    kecamatan_code: Mapped[str] = mapped_column(String(8), index=True)
    desa_code: Mapped[str | None] = mapped_column(String(13), nullable=True)
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    team: Mapped[Tppk | None] = relationship(back_populates="school", uselist=False)
    members: Mapped[list[TppkMember]] = relationship(back_populates="school", order_by="TppkMember.id")


class Tppk(TenantModel):
    """A school's Tim Pencegahan dan Penanganan Kekerasan: its decree (SK) and term."""

    __tablename__ = "mesra_tppk"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("mesra_school.id"), unique=True)
    sk_number: Mapped[str] = mapped_column(String(100))
    sk_date: Mapped[date] = mapped_column(Date)
    term_end: Mapped[date] = mapped_column(Date)

    school: Mapped[School] = relationship(back_populates="team")


class TppkMember(TenantModel):
    __tablename__ = "mesra_tppk_member"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("mesra_school.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[str] = mapped_column(String(20))  # guru, orang_tua, komite, tendik
    is_coordinator: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The member's account, when they handle reports in the app.
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)

    school: Mapped[School] = relationship(back_populates="members")


class SatgasMember(TenantModel):
    """The regency's Satgas PPKSP roster."""

    __tablename__ = "mesra_satgas_member"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    agency: Mapped[str] = mapped_column(String(120))
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class DataKey(TenantModel):
    """The tenant's data key, wrapped (encrypted) by a key derived from the instance's secret,
    which is never stored in the tenant's schema or file."""

    __tablename__ = "mesra_data_key"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    wrapped: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Report(TenantModel):
    __tablename__ = "mesra_report"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Keyed hash of the 16-digit receipt code; the code itself is never stored.
    receipt_hash: Mapped[str] = mapped_column(String(64), unique=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("mesra_school.id"), index=True)
    violence_form: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(10), default="online")  # online, phone, letter, visit
    route: Mapped[str] = mapped_column(String(10))  # tppk, satgas
    route_reason: Mapped[str] = mapped_column(String(20))  # default, reporter, conflict, escalated
    stage: Mapped[str] = mapped_column(String(20), default="received", index=True)
    stage_started: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    stage_due: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    content_enc: Mapped[str | None] = mapped_column(Text, nullable=True)
    identity_enc: Mapped[str | None] = mapped_column(Text, nullable=True)
    closing_enc: Mapped[str | None] = mapped_column(Text, nullable=True)
    recovery_action: Mapped[str | None] = mapped_column(String(20), nullable=True)
    sanction: Mapped[str | None] = mapped_column(String(10), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    school: Mapped[School] = relationship()
    messages: Mapped[list[Message]] = relationship(back_populates="report", order_by="Message.id",
                                                   cascade="all, delete-orphan")
    files: Mapped[list[EvidenceFile]] = relationship(back_populates="report", order_by="EvidenceFile.id",
                                                     cascade="all, delete-orphan")


class Message(TenantModel):
    __tablename__ = "mesra_message"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("mesra_report.id"), index=True)
    author: Mapped[str] = mapped_column(String(10))  # reporter, handler, note (internal)
    author_user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    body_enc: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    report: Mapped[Report] = relationship(back_populates="messages")


class EvidenceFile(TenantModel):
    __tablename__ = "mesra_file"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("mesra_report.id"), index=True)
    storage_key: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(80))
    name_enc: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    report: Mapped[Report] = relationship(back_populates="files")


class StageLog(TenantModel):
    """Who moved a case to which stage and when (no content)."""

    __tablename__ = "mesra_stage_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("mesra_report.id"), index=True)
    stage: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IdentityRequest(TenantModel):
    """A handler's request to see a reporter's identity, with the reason (encrypted) and the
    custodian's decision. Only an approved request lets that one handler see the identity."""

    __tablename__ = "mesra_identity_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("mesra_report.id"), index=True)
    requested_by: Mapped[int] = mapped_column(Integer, index=True)
    reason_enc: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)  # pending, approved, refused
    decided_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note_enc: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    report: Mapped[Report] = relationship()


class SraAssessment(TenantModel):
    """A school's Sekolah Ramah Anak self-assessment for one year: the answer per indicator
    (0 not yet, 1 partly, 2 done; JSON), the score and status they give, and Dinas Pendidikan's
    verification. Nothing confidential: the public SRA profile is built from verified ones."""

    __tablename__ = "mesra_sra_assessment"
    __table_args__ = (UniqueConstraint("school_id", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("mesra_school.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    answers: Mapped[str] = mapped_column(Text, default="{}")
    score: Mapped[int] = mapped_column(Integer, default=0)  # 0–100
    status: Mapped[str] = mapped_column(String(12), default="belum")  # belum, rintisan, berkembang, sra
    state: Mapped[str] = mapped_column(String(10), default="draft")  # draft, submitted, verified, returned
    filled_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    verified_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    review_note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    evidence: Mapped[list[SraEvidence]] = relationship(order_by="SraEvidence.id", cascade="all, delete-orphan")


class SraEvidence(TenantModel):
    """A file backing one indicator (SK tim SRA, a training certificate, a photo of the poster)."""

    __tablename__ = "mesra_sra_evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("mesra_sra_assessment.id"), index=True)
    indicator: Mapped[str] = mapped_column(String(10))
    storage_key: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(80))
    filename: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
