"""The invitation email and its delivery (retried by the job queue when SMTP fails)."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from kiblat.platform.core.extensions import db
from kiblat.platform.identity.services import INVITATION_DAYS
from kiblat.platform.jobs.queue import enqueue
from kiblat.platform.mail.models import OutboxMessage
from kiblat.platform.mail.sender import MailError, deliver
from kiblat.tenants.context import TenantInfo


def invitation_link(tenant: TenantInfo, token: str) -> str:
    env = current_app.config["KIBLAT_SOURCE_ENV"]
    scheme = "https" if current_app.config["ENV"] == "production" else "http"
    port = env.get("KIBLAT_PUBLIC_PORT")
    host = f"{tenant.primary_host}:{port}" if port else tenant.primary_host
    return f"{scheme}://{host}/undangan/{token}"


def invitation_email(tenant: TenantInfo, name: str, token: str) -> tuple[str, str]:
    subject = f"Undangan pengelola {tenant.official_name} di Kiblat"
    body = (
        f"Yth. {name},\n\n"
        f"Anda diundang menjadi pengelola {tenant.official_name} di Kiblat.\n"
        f"Atur kata sandi Anda melalui tautan berikut (sekali pakai, berlaku {INVITATION_DAYS} hari):\n\n"
        f"{invitation_link(tenant, token)}\n\n"
        "Abaikan email ini bila Anda tidak merasa diundang.\n"
    )
    return subject, body


def deliver_invitation(key: str) -> None:
    """Send it now if it is pending; if SMTP fails, a background job retries with backoff."""
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))
    if message is None or message.status != "pending":
        return
    try:
        deliver(message.id)
    except MailError:
        enqueue("mail.deliver", {"message_id": message.id}, tenant_slug=message.tenant_slug, delay=2.0)
