"""Delivery of an invitation email (built by ``identity.account_mail.invitation_email``), retried by
the job queue when SMTP fails."""

from __future__ import annotations

from sqlalchemy import select

from kiblat.platform.core.extensions import db
from kiblat.platform.jobs.queue import enqueue
from kiblat.platform.mail.models import OutboxMessage
from kiblat.platform.mail.sender import MailError, deliver


def deliver_invitation(key: str) -> None:
    """Send it now if it is pending; if SMTP fails, a background job retries with backoff."""
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))
    if message is None or message.status != "pending":
        return
    try:
        deliver(message.id)
    except MailError:
        enqueue("mail.deliver", {"message_id": message.id}, tenant_slug=message.tenant_slug, delay=2.0)
