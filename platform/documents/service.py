"""Issuing an official document: the signing official for its scope, the regency's letterhead,
the layout, the PAdES signature, and a record for the verification page."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from kiblat.platform.core.times import as_utc
from kiblat.platform.documents import certificates, layout, signing
from kiblat.platform.documents.models import DocumentSigner, IssuedDocument
from kiblat.platform.storage.files import tenant_storage
from kiblat.platform.web.formatting import long_date
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

REGENCY_SCOPE = ""


class DocumentError(ValueError):
    pass


@dataclass(frozen=True)
class Document:
    """What a module says about one document; everything already in words (Bahasa Indonesia).

    ``scopes``: most specific first, e.g. ``["sri_deli:reklame", "opd:DPMPTSP"]``; the regency's
    own scope is tried last. ``fallback``: the signatory when none of them is configured.
    """

    kind: str
    ref: str
    title: str
    number: str
    rows: list[tuple[str, str]]
    verify_url: str
    scopes: list[str]
    fallback: layout.Signatory
    issued_at: datetime
    valid_until: datetime | None = None
    validity: str = ""
    fee: str = ""
    intro: str = ""
    closing: str = ""
    legal_basis: str = ""
    extra_rows: list[tuple[str, str]] = field(default_factory=list)


def local_day(moment: datetime):  # noqa: ANN201 - a date
    """The calendar day of ``moment`` in the regency's time zone."""
    return as_utc(moment).astimezone(ZoneInfo(current_tenant.time_zone or "Asia/Jakarta")).date()


def letter_date(moment: datetime | None) -> str:
    """``2 Desember 2026`` in the regency's day, as written on letters."""
    return long_date(local_day(moment)) if moment else "-"


def government_name() -> str:
    name = current_tenant.official_name
    return name if name.lower().startswith("pemerintah") else f"Pemerintah {name}"


def signatory_for(scopes: list[str], fallback: layout.Signatory) -> layout.Signatory:
    """The configured official of the most specific scope; the letterhead unit falls back to a
    less specific scope, then to the module's own."""
    wanted = [*scopes, REGENCY_SCOPE]
    rows = {row.scope: row for row in tenant_db.session.scalars(
        select(DocumentSigner).where(DocumentSigner.scope.in_(wanted)))}
    chosen = next((rows[scope] for scope in wanted if scope in rows), None)
    unit = next((rows[scope] for scope in wanted if scope in rows and rows[scope].unit_name), None)
    unit_name = unit.unit_name if unit else fallback.unit_name
    unit_address = unit.unit_address if unit else fallback.unit_address
    if chosen is None:
        return layout.Signatory(fallback.name, fallback.position, fallback.nip, unit_name, unit_address)
    return layout.Signatory(chosen.signer_name, chosen.signer_position, chosen.signer_nip, unit_name,
                            unit_address)


def issued(kind: str, ref: str) -> IssuedDocument | None:
    return tenant_db.session.scalar(select(IssuedDocument).where(IssuedDocument.kind == kind,
                                                                 IssuedDocument.ref == ref))


def qr_png(url: str) -> bytes:
    import segno  # imported when a code is drawn: only documents need it

    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=4, border=2)
    return out.getvalue()


def _logo() -> bytes | None:
    key = current_tenant.branding.logo_key
    if not key:
        return None
    storage = tenant_storage()
    if not storage.exists(key):
        return None
    with storage.open(key) as stream:
        return stream.read()


def _record(document: Document, signatory: layout.Signatory, cert) -> IssuedDocument:  # noqa: ANN001
    """The first issue of a document fixes its signer; later downloads print the same one."""
    record = issued(document.kind, document.ref)
    if record is None:
        record = IssuedDocument(
            kind=document.kind, ref=document.ref, number=document.number[:80], title=document.title[:200],
            unit_name=signatory.unit_name[:200], signer_name=signatory.name[:120], signer_nip=signatory.nip[:18],
            signer_position=signatory.position[:200], certificate_subject=cert.subject,
            certificate_fingerprint=cert.fingerprint, issued_at=document.issued_at,
            valid_until=document.valid_until)
        tenant_db.session.add(record)
    else:
        record.valid_until = document.valid_until
        record.certificate_subject, record.certificate_fingerprint = cert.subject, cert.fingerprint
    return record


def issue_pdf(document: Document, now: datetime | None = None) -> bytes:
    """The signed PDF of ``document``; records (once) who signed it. Commits."""
    try:
        cert, loaded = certificates.load(now)
    except certificates.CertificateError as exc:
        raise DocumentError(str(exc)) from None
    record = issued(document.kind, document.ref)
    if record is not None:
        signatory = layout.Signatory(record.signer_name, record.signer_position, record.signer_nip,
                                     record.unit_name, signatory_for(document.scopes, document.fallback).unit_address)
    else:
        signatory = signatory_for(document.scopes, document.fallback)
    if not signatory.name.strip():
        raise DocumentError(str(_l("Pejabat penandatangan dokumen belum diatur admin")))
    letter = layout.Letter(
        government=government_name(), title=document.title, number=document.number, rows=document.rows,
        signatory=signatory, place_and_date=f"{current_tenant.short_name}, {letter_date(document.issued_at)}",
        verify_url=document.verify_url, qr_png=qr_png(document.verify_url), intro=document.intro,
        closing=document.closing, validity=document.validity, fee=document.fee,
        legal_basis=document.legal_basis, logo=_logo(), extra_rows=document.extra_rows)
    pdf = layout.render(letter)
    signed = signing.sign_pdf(pdf, loaded, signer_name=signatory.name,
                              reason=f"{document.title} {document.number}", location=current_tenant.short_name)
    _record(document, signatory, cert)
    tenant_db.session.commit()
    return signed
