"""Emails about a person's own account (verification, password reset).

Each message is stored in the outbox and delivered by a background job, so a request
never waits on SMTP and answers equally fast whether or not an account exists.
"""

from __future__ import annotations

from flask import current_app

from kiblat.platform.identity.models import User
from kiblat.platform.jobs.queue import enqueue
from kiblat.platform.mail.sender import queue_message
from kiblat.tenants.context import TenantInfo, current_tenant


def public_link(tenant: TenantInfo, path: str) -> str:
    """An absolute link to ``path`` on the regency's own host."""
    env = current_app.config["KIBLAT_SOURCE_ENV"]
    scheme = "https" if current_app.config["ENV"] == "production" else "http"
    port = env.get("KIBLAT_PUBLIC_PORT")
    host = f"{tenant.primary_host}:{port}" if port else tenant.primary_host
    return f"{scheme}://{host}{path}"


def _send(user: User, subject: str, body: str) -> None:
    message = queue_message(user.email, subject, body, tenant_slug=current_tenant.slug)
    enqueue("mail.deliver", {"message_id": message.id}, tenant_slug=current_tenant.slug)


def send_verification(user: User, token: str) -> None:
    tenant = current_tenant
    link = public_link(tenant, f"/verifikasi/{token}")
    body = (
        f"Yth. {user.name},\n\n"
        f"Terima kasih telah mendaftar di layanan digital {tenant.official_name}.\n"
        f"Pastikan alamat email Anda melalui tautan berikut (sekali pakai, berlaku 2 hari):\n\n{link}\n\n"
        "Abaikan email ini bila Anda tidak merasa mendaftar.\n"
    )
    _send(user, f"Verifikasi email akun {tenant.short_name}", body)


def send_password_reset(user: User, token: str) -> None:
    tenant = current_tenant
    link = public_link(tenant, f"/atur-ulang/{token}")
    body = (
        f"Yth. {user.name},\n\n"
        f"Ada permintaan untuk mengatur ulang kata sandi akun Anda di {tenant.official_name}.\n"
        f"Atur kata sandi baru melalui tautan berikut (sekali pakai, berlaku 1 jam):\n\n{link}\n\n"
        "Bila Anda tidak memintanya, abaikan email ini; kata sandi Anda tidak berubah.\n"
    )
    _send(user, f"Atur ulang kata sandi akun {tenant.short_name}", body)
