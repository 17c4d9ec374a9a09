"""Sending email: every message goes through the outbox, then to SMTP or the console.

``KIBLAT_SMTP_URL`` (``smtp://user:pass@host:port``, ``smtp+starttls://`` or
``smtps://``) selects real delivery. Without it, outside production, a message is
printed to the console and kept in the outbox, viewable at ``/dev/outbox``.
"""

from __future__ import annotations

import smtplib
import sys
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from flask import current_app
from sqlalchemy import select

from kiblat.platform.core.extensions import db
from kiblat.platform.mail.models import OutboxMessage
from kiblat.tenants.models import utcnow

DEFAULT_SENDER = "Kiblat <noreply@{base}>"


class MailError(RuntimeError):
    pass


def _setting(name: str) -> str | None:
    return current_app.config["KIBLAT_SOURCE_ENV"].get(name) or None


def queue_message(recipient: str, subject: str, body: str, key: str | None = None,
                  tenant_slug: str | None = None) -> OutboxMessage:
    """Store a message in the outbox (once per ``key``) and commit; deliver it separately."""
    if key is not None:
        existing = db.session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))
        if existing is not None:
            return existing
    sender = _setting("KIBLAT_MAIL_FROM") or DEFAULT_SENDER.format(base=current_app.config["BASE_DOMAIN"])
    message = OutboxMessage(key=key, tenant_slug=tenant_slug, sender=sender, recipient=recipient,
                            subject=subject, body=body, status="pending")
    db.session.add(message)
    db.session.commit()
    return message


def deliver(message_id: int) -> str:
    """Send one pending message; returns its new status. Raises MailError on SMTP failure."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.status in ("sent", "printed"):
        return message.status if message else "missing"
    message.attempts += 1
    smtp_url = _setting("KIBLAT_SMTP_URL")
    try:
        if smtp_url:
            _send_smtp(smtp_url, message)
            message.status = "sent"
        elif current_app.config["ENV"] == "production":
            raise MailError("KIBLAT_SMTP_URL belum diatur; email tidak dapat dikirim")
        else:
            _print(message)
            message.status = "printed"
    except (OSError, smtplib.SMTPException, MailError) as exc:
        message.error = f"{type(exc).__name__}: {exc}"
        db.session.commit()
        raise MailError(message.error) from exc
    message.sent_at = utcnow()
    message.error = None
    db.session.commit()
    return message.status


def _as_email(message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = message.sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email.set_content(message.body)
    return email


def _send_smtp(url: str, message: OutboxMessage) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps", "smtp+starttls"):
        raise MailError(f"KIBLAT_SMTP_URL harus smtp://, smtps:// atau smtp+starttls://, bukan {parts.scheme}://")
    host = parts.hostname or "localhost"
    if parts.scheme == "smtps":
        client: smtplib.SMTP = smtplib.SMTP_SSL(host, parts.port or 465, timeout=15)
    else:
        client = smtplib.SMTP(host, parts.port or 25, timeout=15)
    with client:
        if parts.scheme == "smtp+starttls":
            client.starttls()
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.send_message(_as_email(message))


def _print(message: OutboxMessage) -> None:
    print(  # noqa: T201 - the development "mail server" is the console
        f"\n--- email untuk {message.recipient} ---\nSubjek: {message.subject}\n\n{message.body}\n---",
        file=sys.stderr,
    )
