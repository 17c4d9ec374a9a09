"""Emails to applicants, through the outbox and the job queue (never sent inside a request)."""

from __future__ import annotations

from flask import current_app

from kiblat.platform.core.config import public_url
from kiblat.platform.identity.account_mail import one_time_link_body
from kiblat.platform.jobs.queue import enqueue
from kiblat.platform.mail.sender import queue_message
from kiblat.platform.onboarding.models import Applicant
from kiblat.platform.onboarding.tokens import LIFETIMES, VERIFY_EMAIL


def platform_link(path: str) -> str:
    """An absolute link to ``path`` on the platform host."""
    return public_url(current_app.config, current_app.config["BASE_DOMAIN"], path)


def send(applicant: Applicant, subject: str, body: str, key: str | None = None) -> None:
    message = queue_message(applicant.email, subject, body, key=key)
    enqueue("mail.deliver", {"message_id": message.id})


def send_verification(applicant: Applicant, token: str) -> None:
    link = platform_link(f"/bergabung/verifikasi/{token}")
    send(applicant, "Verifikasi email pendaftaran Kiblat", one_time_link_body(
        name=applicant.name, why="Terima kasih telah mendaftarkan kabupaten/kota Anda di Kiblat.",
        action="Pastikan alamat email Anda", link=link, lifetime=LIFETIMES[VERIFY_EMAIL],
        not_you="Abaikan email ini bila Anda tidak merasa mendaftar.",
    ))


def send_decision(applicant: Applicant, request_id: int, approved: bool, reason: str | None) -> None:
    link = platform_link("/bergabung/status")
    if approved:
        subject = "Pendaftaran kabupaten/kota Anda disetujui"
        body = (f"Yth. {applicant.name},\n\nPendaftaran Anda di Kiblat disetujui dan sedang disiapkan.\n"
                f"Ikuti kemajuannya di:\n\n{link}\n")
    else:
        subject = "Pendaftaran kabupaten/kota Anda ditolak"
        body = (f"Yth. {applicant.name},\n\nMohon maaf, pendaftaran Anda di Kiblat ditolak oleh staf platform.\n\n"
                f"Alasan: {reason}\n\nAnda dapat memperbaiki data lalu mengirim ulang melalui:\n\n{link}\n")
    send(applicant, subject, body, key=f"onboarding:{request_id}:{'ok' if approved else 'no'}:{reason or ''}"[:200])
