"""Emails that carry a one-time link: verification, password reset, invitation.

Every such email is built by ``one_time_link_body`` so they read alike, and says how long
the link works by reading the lifetime where the token is made (never a number typed twice).
Each message is stored in the outbox and delivered by a background job, so a request
never waits on SMTP and answers equally fast whether or not an account exists.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app

from kiblat.platform.core.config import public_url
from kiblat.platform.identity.models import User
from kiblat.platform.identity.services import INVITATION_DAYS
from kiblat.platform.identity.tokens import LIFETIMES, RESET_PASSWORD, VERIFY_EMAIL
from kiblat.platform.jobs.queue import enqueue
from kiblat.platform.mail.sender import queue_message
from kiblat.tenants.context import TenantInfo, current_tenant


def public_link(tenant: TenantInfo, path: str) -> str:
    """An absolute link to ``path`` on the regency's own host."""
    return public_url(current_app.config, tenant.primary_host, path)


def lifetime_text(lifetime: timedelta) -> str:
    """``timedelta(days=2)`` → "2 hari", ``timedelta(hours=1)`` → "1 jam" (the largest whole unit)."""
    seconds = int(lifetime.total_seconds())
    for unit, size in (("hari", 86400), ("jam", 3600), ("menit", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size} {unit}"
    return f"{seconds} detik"


def one_time_link_body(*, name: str, why: str, action: str, link: str, lifetime: timedelta,
                       not_you: str) -> str:
    """The body every one-time-link email shares: greeting, why, the link and its lifetime."""
    return (
        f"Yth. {name},\n\n"
        f"{why}\n"
        f"{action} melalui tautan berikut (sekali pakai, berlaku {lifetime_text(lifetime)}):\n\n{link}\n\n"
        f"{not_you}\n"
    )


def invitation_email(tenant: TenantInfo, name: str, token: str) -> tuple[str, str]:
    """Subject and body of the invitation to manage a regency (``/undangan/<token>``)."""
    subject = f"Undangan pengelola {tenant.official_name} di Kiblat"
    body = one_time_link_body(
        name=name, why=f"Anda diundang menjadi pengelola {tenant.official_name} di Kiblat.",
        action="Atur kata sandi Anda", link=public_link(tenant, f"/undangan/{token}"),
        lifetime=timedelta(days=INVITATION_DAYS), not_you="Abaikan email ini bila Anda tidak merasa diundang.",
    )
    return subject, body


def _send(user: User, subject: str, body: str) -> None:
    message = queue_message(user.email, subject, body, tenant_slug=current_tenant.slug)
    enqueue("mail.deliver", {"message_id": message.id}, tenant_slug=current_tenant.slug)


def send_verification(user: User, token: str) -> None:
    tenant = current_tenant
    body = one_time_link_body(
        name=user.name, why=f"Terima kasih telah mendaftar di layanan digital {tenant.official_name}.",
        action="Pastikan alamat email Anda", link=public_link(tenant, f"/verifikasi/{token}"),
        lifetime=LIFETIMES[VERIFY_EMAIL], not_you="Abaikan email ini bila Anda tidak merasa mendaftar.",
    )
    _send(user, f"Verifikasi email akun {tenant.short_name}", body)


def send_password_reset(user: User, token: str) -> None:
    tenant = current_tenant
    body = one_time_link_body(
        name=user.name,
        why=f"Ada permintaan untuk mengatur ulang kata sandi akun Anda di {tenant.official_name}.",
        action="Atur kata sandi baru", link=public_link(tenant, f"/atur-ulang/{token}"),
        lifetime=LIFETIMES[RESET_PASSWORD],
        not_you="Bila Anda tidak memintanya, abaikan email ini; kata sandi Anda tidak berubah.",
    )
    _send(user, f"Atur ulang kata sandi akun {tenant.short_name}", body)
