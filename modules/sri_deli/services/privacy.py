"""Sri Deli's part in citizens' data rights and the satisfaction survey (manifest hooks):
what it keeps about an account, what a deletion request erases, and which permits were issued."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from kiblat.modules.sri_deli.models.application import APPROVED, REJECTED, Application
from kiblat.modules.sri_deli.models.bill import Bill
from kiblat.platform.core.texts import _
from kiblat.platform.identity.models import Opd
from kiblat.platform.modular.manifest import CompletedService, ErasureReport
from kiblat.platform.storage.files import tenant_storage
from kiblat.tenants.database import tenant_db

ERASED = "(dihapus)"


def _applications(user_id: int) -> list[Application]:
    return list(tenant_db.session.scalars(
        select(Application).where(Application.user_id == user_id).order_by(Application.id)))


def _opd_names() -> dict[str, str]:
    return dict(tenant_db.session.execute(select(Opd.short_name, Opd.name)).all())


def completed_services(user_id: int) -> list[CompletedService]:
    """Permits issued to this account (approved, with a permit number)."""
    names = _opd_names()
    return [CompletedService(ref=f"izin-{a.id}", service=a.permit_type.name,
                             unit=names.get(a.opd_short_name, a.opd_short_name), completed_at=a.decided_at,
                             number=a.certificate_number)
            for a in _applications(user_id)
            if a.status == APPROVED and a.certificate_number and a.decided_at is not None]


def personal_data(user_id: int) -> dict[str, Any]:
    bills = {b.application_id: b for b in tenant_db.session.scalars(
        select(Bill).join(Application).where(Application.user_id == user_id))}
    return {"permohonan": [{
        "nomor": a.number, "izin": a.permit_type.name, "status": a.status, "pemohon": a.applicant_name,
        "jenis_pemohon": a.applicant_kind, "nik_tersamar": a.nik_masked, "nib": a.nib, "email": a.email,
        "desa": a.desa_code, "alamat": a.address, "isian": a.form_data, "retribusi": a.fee,
        "diajukan": a.submitted_at.isoformat(), "diputuskan": a.decided_at.isoformat() if a.decided_at else None,
        "nomor_izin": a.certificate_number, "berlaku_sampai": a.valid_until.isoformat() if a.valid_until else None,
        "dokumen": [{"jenis": d.doc_key, "nama_berkas": d.filename, "ukuran": d.size} for d in a.documents],
        "riwayat": [{"waktu": e.at.isoformat(), "aksi": e.action, "catatan": e.note} for e in a.events if e.public],
        "tagihan": ({"kode_bayar": bills[a.id].code, "jumlah": bills[a.id].amount, "status": bills[a.id].status}
                    if a.id in bills else None),
    } for a in _applications(user_id)]}


def erase_personal_data(user_id: int) -> ErasureReport:
    """Issued (and revoked) permits stay whole: a permit is a public record the archives keep.
    Refused applications lose their uploads, answers, address and NIK. Contact email goes everywhere."""
    erased, kept = 0, 0
    storage = tenant_storage()
    for application in _applications(user_id):
        application.email = None
        if application.status == REJECTED:
            for document in list(application.documents):
                if storage.exists(document.storage_key):
                    storage.delete(document.storage_key)
                application.documents.remove(document)
            application.form_data = {}
            application.address = ERASED
            application.nik_hash = application.nik_masked = None
            erased += 1
        else:
            kept += 1
    report_erased = [_("Perizinan: email kontak di semua permohonan.")]
    if erased:
        report_erased.append(_("Perizinan: berkas, isian, alamat dan NIK pada %(count)s permohonan yang ditolak.",
                               count=erased))
    report_kept = [_("Perizinan: %(count)s permohonan izin yang terbit, masih diproses atau menunggu pembayaran, "
                     "beserta berkasnya dan catatan retribusinya, sebagai arsip perizinan daerah.", count=kept)
                   ] if kept else []
    return ErasureReport(tuple(report_erased), tuple(report_kept))
