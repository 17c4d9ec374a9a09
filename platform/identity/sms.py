"""Short messages to a phone number, for accounts without email (password reset codes).

Which sender a regency uses, first match wins (``tenant_sender()`` in sms_gateway.py):

1. the regency's own gateway, configured by its admin: ``WebhookSmsSender`` POSTs a signed JSON
   request to the gateway's URL (the format is in docs/sms-gateway.md);
2. ``KIBLAT_SMS_SENDER`` = ``"package.module:factory"``, a deployment-wide sender: a factory
   returning an object with ``send(phone, text)`` and ``delivers = True``;
3. in development (``KIBLAT_ENV=development``) ``DevOutboxSmsSender``, which keeps the message in
   the development outbox (``/dev/outbox``) and prints it, like email without SMTP;
4. otherwise ``LoggingSmsSender``: it only writes to the log and says so (``delivers = False``),
   so pages tell the officer to hand the code over in person instead of promising an SMS.

Outside production every message is also kept in the development outbox, so a developer sees
what a gateway was asked to deliver.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import sys
import time
from collections import deque
from typing import Protocol

import requests
from flask import current_app

from kiblat.platform.core.extensions import db
from kiblat.platform.core.texts import _
from kiblat.platform.mail.models import OutboxMessage
from kiblat.platform.modular.manifest import import_dotted
from kiblat.tenants.context import get_current_tenant
from kiblat.tenants.models import utcnow

logger = logging.getLogger("kiblat.sms")

SMS, WHATSAPP = "sms", "whatsapp"
CHANNELS = (SMS, WHATSAPP)
# A reset code is typed within minutes; a gateway that does not answer quickly is reported as down.
TIMEOUT_SECONDS = 5
SENT_KEPT = 100  # messages a stand-in sender remembers (tests read them)
SIGNATURE_HEADER = "X-Kiblat-Signature"
TIMESTAMP_HEADER = "X-Kiblat-Timestamp"


class SmsError(RuntimeError):
    """The gateway did not take the message; the text is shown to the admin or officer as it is."""


class SmsSender(Protocol):
    #: True when messages really reach phones.
    delivers: bool

    def send(self, phone: str, text: str) -> None: ...


def channel_label(channel: str) -> str:
    return _("WhatsApp") if channel == WHATSAPP else _("SMS")


def keep_in_dev_outbox(phone: str, text: str, channel: str = SMS) -> None:
    """Outside production: a copy in the development outbox (addressed to the phone number)."""
    if current_app.config["ENV"] == "production":
        return
    tenant = get_current_tenant()
    db.session.add(OutboxMessage(tenant_slug=tenant.slug if tenant else None, sender=channel_label(channel),
                                 recipient=phone, subject=_("%(channel)s ke %(phone)s", channel=channel_label(channel),
                                                            phone=phone),
                                 body=text, status="printed", sent_at=utcnow()))
    db.session.commit()


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=`` and the hex HMAC-SHA256, keyed with the gateway secret, of ``timestamp.body``."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


class WebhookSmsSender:
    """A regency's gateway: one signed JSON POST per message (docs/sms-gateway.md)."""

    delivers = True

    def __init__(self, url: str, secret: str, channel: str, regency: str) -> None:
        self.url, self._secret, self.channel, self.regency = url, secret, channel, regency

    def __repr__(self) -> str:  # never the secret, not even in a traceback
        return f"WebhookSmsSender({self.url!r}, channel={self.channel!r}, regency={self.regency!r})"

    def send(self, phone: str, text: str) -> None:
        body = json.dumps({"to": phone, "text": text, "channel": self.channel, "regency": self.regency},
                          ensure_ascii=False, separators=(",", ":")).encode()
        timestamp = str(int(time.time()))
        headers = {"Content-Type": "application/json", TIMESTAMP_HEADER: timestamp,
                   SIGNATURE_HEADER: sign(self._secret, timestamp, body)}
        keep_in_dev_outbox(phone, text, self.channel)
        try:
            response = requests.post(self.url, data=body, headers=headers, timeout=TIMEOUT_SECONDS,
                                     allow_redirects=False)
        except requests.Timeout:
            logger.warning("SMS gateway of %s timed out: %s", self.regency, self.url)
            raise SmsError(_("Gateway tidak menjawab dalam %(seconds)s detik (%(url)s).",
                             seconds=TIMEOUT_SECONDS, url=self.url)) from None
        except requests.RequestException as exc:
            logger.warning("SMS gateway of %s unreachable: %s (%s)", self.regency, self.url, type(exc).__name__)
            raise SmsError(_("Gateway tidak dapat dihubungi (%(url)s). Periksa alamat webhook dan jaringan.",
                             url=self.url)) from None
        if response.status_code in (401, 403):
            logger.warning("SMS gateway of %s refused the signature: HTTP %s", self.regency, response.status_code)
            raise SmsError(_("Gateway menolak pesan (HTTP %(status)s): rahasia/token tidak cocok dengan yang "
                             "dipasang di gateway.", status=response.status_code))
        if not 200 <= response.status_code < 300:
            logger.warning("SMS gateway of %s answered HTTP %s", self.regency, response.status_code)
            raise SmsError(_("Gateway menjawab HTTP %(status)s; pesan tidak terkirim.", status=response.status_code))
        logger.info("SMS handed to the gateway of %s (%s)", self.regency, self.channel)


class LoggingSmsSender:
    """NOT a gateway: the test stand-in writes messages to the log and delivers nothing."""

    delivers = False

    def __init__(self) -> None:
        # The last messages only: the sender lives as long as the app.
        self.sent: deque[tuple[str, str]] = deque(maxlen=SENT_KEPT)

    def send(self, phone: str, text: str) -> None:
        self.sent.append((phone, text))
        # Never the text: it holds a password-reset code, and logs are read by more people.
        logger.info("SMS not sent (no gateway configured) to a number ending in %s", phone[-3:])
        keep_in_dev_outbox(phone, text)


class DevOutboxSmsSender(LoggingSmsSender):
    """Development's "gateway": the message goes to the development outbox and the console, so
    ``make run`` users can follow a reset by SMS without a real gateway."""

    delivers = True

    def send(self, phone: str, text: str) -> None:
        super().send(phone, text)
        print(f"\n--- SMS untuk {phone} ---\n{text}\n---", file=sys.stderr)  # noqa: T201 - the dev "gateway"


def sms_sender() -> SmsSender:
    """The app's fallback sender, made once per app: ``KIBLAT_SMS_SENDER``, the development outbox,
    or the logging stand-in."""
    sender = current_app.extensions.get("kiblat_sms_sender")
    if sender is None:
        dotted = current_app.config.get("KIBLAT_SOURCE_ENV", {}).get("KIBLAT_SMS_SENDER", "").strip()
        if dotted:
            sender = import_dotted(dotted)()
        elif current_app.config["ENV"] == "development":
            sender = DevOutboxSmsSender()
        else:
            sender = LoggingSmsSender()
        current_app.extensions["kiblat_sms_sender"] = sender
    return sender
