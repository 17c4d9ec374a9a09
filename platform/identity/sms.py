"""Short messages to a phone number, for accounts without email (an assisted password reset).

The sender is pluggable: a deployment with an SMS or WhatsApp gateway sets ``KIBLAT_SMS_SENDER``
to ``"package.module:factory"``, a factory returning an object with ``send(phone, text)`` and
``delivers = True``. Without one, ``LoggingSmsSender`` is used: it only writes the message to the
application log (development, tests) and says so (``delivers = False``), so pages tell the
officer to hand the code over in person instead of promising an SMS.
"""

from __future__ import annotations

import logging
from typing import Protocol

from flask import current_app

from kiblat.platform.modular.manifest import import_dotted

logger = logging.getLogger("kiblat.sms")


class SmsSender(Protocol):
    #: True when messages really reach phones.
    delivers: bool

    def send(self, phone: str, text: str) -> None: ...


class LoggingSmsSender:
    """NOT a gateway: the development/test stand-in writes messages to the log and delivers nothing."""

    delivers = False

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        self.sent.append((phone, text))
        logger.info("SMS not sent (no gateway configured) to %s: %s", phone, text)


def sms_sender() -> SmsSender:
    """The app's sender, made once per app from ``KIBLAT_SMS_SENDER`` or the logging stand-in."""
    sender = current_app.extensions.get("kiblat_sms_sender")
    if sender is None:
        dotted = current_app.config.get("KIBLAT_SOURCE_ENV", {}).get("KIBLAT_SMS_SENDER", "").strip()
        sender = import_dotted(dotted)() if dotted else LoggingSmsSender()
        current_app.extensions["kiblat_sms_sender"] = sender
    return sender
