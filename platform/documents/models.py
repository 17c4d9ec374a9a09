"""Who signs a regency's official documents, with which certificate, and what was issued."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kiblat.tenants.database import TenantModel
from kiblat.tenants.models import utcnow


class DocumentSigner(TenantModel):
    """The letterhead unit and signing official for one scope.

    ``scope`` is ``""`` (the whole regency), ``opd:<SHORT NAME>`` (an agency) or
    ``<module>:<kind>`` (one permit type); the most specific configured scope wins.
    """

    __tablename__ = "document_signer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(80), unique=True)
    unit_name: Mapped[str] = mapped_column(String(200), default="")
    unit_address: Mapped[str] = mapped_column(String(300), default="")
    signer_name: Mapped[str] = mapped_column(String(120))
    signer_nip: Mapped[str] = mapped_column(String(18), default="")
    signer_position: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class SigningCertificate(TenantModel):
    """The regency's signing certificate (PKCS#12), kept encrypted; one is active."""

    __tablename__ = "document_certificate"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pkcs12_encrypted: Mapped[str] = mapped_column(Text)
    password_encrypted: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(String(300))
    fingerprint: Mapped[str] = mapped_column(String(64))
    not_before: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    not_after: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    self_signed: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IssuedDocument(TenantModel):
    """What the verification page shows: the document as first issued (signer, validity)."""

    __tablename__ = "issued_document"
    __table_args__ = (UniqueConstraint("kind", "ref"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    ref: Mapped[str] = mapped_column(String(60))
    number: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    unit_name: Mapped[str] = mapped_column(String(200), default="")
    signer_name: Mapped[str] = mapped_column(String(120))
    signer_nip: Mapped[str] = mapped_column(String(18), default="")
    signer_position: Mapped[str] = mapped_column(String(200))
    certificate_subject: Mapped[str] = mapped_column(String(300), default="")
    certificate_fingerprint: Mapped[str] = mapped_column(String(64), default="")
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    valid_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
