"""The permit document: described in words here, laid out, signed and recorded by the platform's
official-document service (letterhead, signing official, PAdES signature, QR to verification)."""

from __future__ import annotations

from flask import has_request_context, url_for
from sqlalchemy import select

from kiblat.modules.sri_deli.models import APPROVED, PAID, Application
from kiblat.modules.sri_deli.services import payments
from kiblat.platform import documents
from kiblat.platform.identity.account_mail import public_link
from kiblat.platform.identity.models import Opd
from kiblat.platform.regions.lookup import region_name
from kiblat.platform.web.formatting import long_date, rupiah
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

DOCUMENT_KIND = "sri_deli.izin"
# Kept for Jus Melon's callers (see api.py): the platform draws the codes.
qr_png = documents.qr_png


class CertificateError(ValueError):
    pass


def verify_url(application: Application) -> str:
    """The public verification address: the request's own host (and port) when there is one."""
    if has_request_context():
        return url_for("sri_deli.verify", token=application.verify_token, _external=True)
    return public_link(current_tenant, f"/perizinan/verifikasi/{application.verify_token}")


def issued_at(application: Application):  # noqa: ANN201 - a datetime
    """A paid permit is issued when its payment is confirmed; a free one when approved."""
    bill = payments.bill_of(application)
    return bill.confirmed_at if bill is not None and bill.confirmed_at else application.decided_at


def fee_text(application: Application) -> str:
    if not application.fee:
        return "Tidak dipungut"
    bill = payments.bill_of(application)
    text = rupiah(application.fee, "id")
    if bill is not None and bill.status == PAID:
        text += f", lunas {long_date(bill.paid_on)} (kode bayar {bill.code}, referensi {bill.reference})"
    return text


def validity_text(application: Application) -> str:
    if application.valid_until is None:
        return "Berlaku selama tidak ada perubahan data"
    start = documents.letter_date(issued_at(application))
    end = documents.letter_date(application.valid_until)
    return f"{start} sampai dengan {end}"


def _unit_name(application: Application) -> str:
    opd = tenant_db.session.scalar(select(Opd).where(Opd.short_name == application.opd_short_name))
    return opd.name if opd else application.opd_short_name


def _approver(application: Application) -> str:
    approved = [e for e in application.events if e.action == "approved"]
    return approved[-1].actor_name if approved else ""


def document_for(application: Application) -> documents.Document:
    permit_type = application.permit_type
    rows = [("Nama pemohon", application.applicant_name),
            ("NIK / NIB", application.nik_masked or application.nib or "-"),
            ("Alamat", f"{application.address}, {region_name(application.desa_code) or ''}".strip(", ")),
            ("Nomor pendaftaran", application.number)]
    for field in permit_type.fields:
        if field["key"] in application.form_data:
            rows.append((field["label"].replace("²", "2"), str(application.form_data[field["key"]])))
    return documents.Document(
        kind=DOCUMENT_KIND, ref=str(application.id), title=permit_type.name,
        number=application.certificate_number or "", rows=rows, verify_url=verify_url(application),
        scopes=[f"sri_deli:{permit_type.key}", f"opd:{application.opd_short_name.upper()}"],
        fallback=documents.Signatory(name=_approver(application), position="Pejabat Penandatangan Izin",
                                     unit_name=_unit_name(application)),
        issued_at=issued_at(application), valid_until=application.valid_until,
        validity=validity_text(application), fee=fee_text(application),
        intro="Berdasarkan permohonan yang telah diperiksa dan memenuhi persyaratan, dengan ini diberikan "
              f"{permit_type.name} kepada:",
        closing="Izin ini wajib dipatuhi sesuai ketentuan peraturan perundang-undangan yang berlaku dan "
                "dapat dicabut apabila di kemudian hari terdapat kekeliruan data.",
        legal_basis=permit_type.legal_basis)


def certificate_pdf(application: Application) -> bytes:
    if application.status != APPROVED or application.verify_token is None:
        raise CertificateError("Izin belum disetujui")
    try:
        return documents.issue_pdf(document_for(application))
    except documents.DocumentError as exc:
        raise CertificateError(str(exc)) from None


def issued_record(application: Application):  # noqa: ANN201 - documents' IssuedDocument or None
    return documents.issued(DOCUMENT_KIND, str(application.id))
