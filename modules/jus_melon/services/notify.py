"""Emails to the owner through the outbox and the job queue."""

from __future__ import annotations

from kiblat.modules.jus_melon.models import Business
from kiblat.platform.identity.account_mail import public_link
from kiblat.platform.jobs.queue import enqueue
from kiblat.platform.mail.sender import queue_message
from kiblat.tenants.context import current_tenant


def notify(business: Business, subject: str, text: str) -> None:
    if not business.email:
        return
    tenant = current_tenant
    body = (f"Yth. {business.owner_name},\n\n{subject} ({business.business_name}).\n{text}\n\n"
            f"{public_link(tenant, '/iumk/saya')}\n\n{tenant.official_name}\n")
    message = queue_message(business.email, subject, body, tenant_slug=tenant.slug,
                            key=f"jus_melon:{tenant.slug}:{business.id}:{business.status}")
    enqueue("mail.deliver", {"message_id": message.id}, tenant_slug=tenant.slug)
