"""Emails to the applicant on every state change they care about, sent through the job queue."""

from __future__ import annotations

from kiblat.modules.sri_deli.models import APPROVED, REJECTED, REVISION, Application
from kiblat.platform.identity.account_mail import public_link
from kiblat.platform.jobs.queue import enqueue
from kiblat.platform.mail.sender import queue_message
from kiblat.tenants.context import current_tenant

SUBJECTS = {
    "submitted": "Permohonan {number} diterima",
    "accepted": "Permohonan {number} masuk tahap berikutnya",
    REVISION: "Permohonan {number} perlu diperbaiki",
    "resubmitted": "Perbaikan permohonan {number} diterima",
    APPROVED: "Izin {number} disetujui",
    REJECTED: "Permohonan {number} ditolak",
    "revoked": "Izin {number} dicabut",
    "billed": "Permohonan {number} disetujui: bayar retribusinya",
    "paid": "Retribusi {number} lunas: izin terbit",
    "expired": "Tagihan retribusi {number} kedaluwarsa",
}


def _last_action(application: Application) -> str:
    events = application.events
    return events[-1].action if events else "submitted"


def application_changed(application: Application, tracking_code: str | None = None) -> None:
    """Queue one message for the latest event (idempotent per event id)."""
    if not application.email:
        return
    tenant = current_tenant
    action = _last_action(application)
    action = {"approved": APPROVED, "rejected": REJECTED, "revision": REVISION}.get(action, action)
    subject = SUBJECTS.get(action, "Permohonan {number} diperbarui").format(number=application.number)
    event = application.events[-1] if application.events else None
    lines = [f"Yth. {application.applicant_name},", "",
             f"{subject} ({application.permit_type.name}).", ""]
    if event is not None and event.note and action in (REVISION, REJECTED, "revoked", "billed", "expired"):
        lines += [f"Alasan: {event.note}", ""]
    if tracking_code:
        lines += [f"Nomor pendaftaran: {application.number}", f"Kode lacak: {tracking_code}",
                  "Simpan kode lacak ini; petugas tidak akan memintanya.", ""]
    lines += [f"Lacak permohonan: {public_link(tenant, '/perizinan/lacak')}", "",
              f"{tenant.official_name}"]
    key = f"sri_deli:{tenant.slug}:{application.id}:{event.id if event else 0}"
    message = queue_message(application.email, subject, "\n".join(lines), key=key, tenant_slug=tenant.slug)
    enqueue("mail.deliver", {"message_id": message.id}, tenant_slug=tenant.slug)
