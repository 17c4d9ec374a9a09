"""The regency admin's SMS/WhatsApp gateway: validation, saving (the secret encrypted), a test
message, and the sender a regency's messages go through.

The gateway row lives in the tenant's own schema, so one regency's URL and secret are never used
for another regency's messages.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select

from kiblat.platform.core.texts import _
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.crypto import decrypt, encrypt
from kiblat.platform.identity.models import SmsGateway
from kiblat.platform.identity.phone import PhoneError, normalize_phone
from kiblat.platform.identity.sms import (
    CHANNELS,
    SMS,
    SmsError,
    SmsSender,
    WebhookSmsSender,
    channel_label,
    sms_sender,
)
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

logger = logging.getLogger("kiblat.sms")

SECRET_PURPOSE = "sms-gateway-secret"
MIN_SECRET_LENGTH = 16
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}


class GatewaySettingsError(ValueError):
    """Settings that cannot be saved or used; the message is shown to the admin as it is."""


@dataclass(frozen=True)
class GatewaySettings:
    """What the admin form submits; an empty ``secret`` keeps the stored one."""

    url: str
    secret: str
    channel: str
    enabled: bool


def get_gateway() -> SmsGateway | None:
    return tenant_db.session.scalar(select(SmsGateway).order_by(SmsGateway.id).limit(1))


def enabled_gateway() -> SmsGateway | None:
    gateway = get_gateway()
    return gateway if gateway is not None and gateway.enabled else None


def _clean_url(raw: str) -> str:
    url = (raw or "").strip()
    parts = urlsplit(url)
    if not parts.scheme or not parts.hostname or len(url) > 500:
        raise GatewaySettingsError(_("Alamat webhook harus URL lengkap, mis. https://sms.contoh.go.id/kirim."))
    if parts.username or parts.password:
        raise GatewaySettingsError(_("Alamat webhook tidak boleh memuat nama pengguna atau sandi; pakai rahasia/token."))
    if parts.scheme == "https":
        return url
    if parts.scheme == "http" and current_app.config["ENV"] != "production" and parts.hostname in LOOPBACK_HOSTS:
        return url
    raise GatewaySettingsError(_("Alamat webhook harus memakai https (http hanya untuk 127.0.0.1/localhost "
                                 "di luar produksi)."))


def save(data: GatewaySettings) -> SmsGateway:
    """Create or update the regency's gateway; audited (never the secret), commits."""
    gateway = get_gateway()
    url = _clean_url(data.url)
    if data.channel not in CHANNELS:
        raise GatewaySettingsError(_("Pilih saluran SMS atau WhatsApp."))
    secret = (data.secret or "").strip()
    if not secret and gateway is None:
        raise GatewaySettingsError(_("Rahasia/token wajib diisi."))
    if secret and not MIN_SECRET_LENGTH <= len(secret) <= 500:
        raise GatewaySettingsError(_("Rahasia/token minimal %(count)s karakter (paling banyak 500).",
                                     count=MIN_SECRET_LENGTH))
    if gateway is None:
        gateway = SmsGateway(url=url, secret_cipher=encrypt(secret, SECRET_PURPOSE), channel=data.channel,
                             enabled=data.enabled)
        tenant_db.session.add(gateway)
        tenant_db.session.flush()
    else:
        gateway.url, gateway.channel, gateway.enabled = url, data.channel, data.enabled
        if secret:
            gateway.secret_cipher = encrypt(secret, SECRET_PURPOSE)
    record("sms_gateway.update", "sms_gateway", gateway.id, url=url, channel=data.channel, enabled=data.enabled,
           secret_changed=bool(secret))
    tenant_db.session.commit()
    return gateway


def webhook_sender(gateway: SmsGateway) -> WebhookSmsSender:
    secret = decrypt(gateway.secret_cipher, SECRET_PURPOSE)
    if secret is None:
        raise SmsError(_("Rahasia gateway tidak dapat dibuka (kunci data berubah?); simpan ulang rahasia/token."))
    return WebhookSmsSender(gateway.url, secret, gateway.channel, current_tenant.slug)


def tenant_sender() -> SmsSender:
    """The current regency's gateway when enabled, otherwise the app's fallback (sms.py)."""
    gateway = enabled_gateway()
    return webhook_sender(gateway) if gateway is not None else sms_sender()


def self_service_sender() -> SmsSender | None:
    """The sender for a citizen asking for a code by phone: the regency's enabled gateway, else a
    deployment-wide sender that really delivers (``KIBLAT_SMS_SENDER``, or the development outbox);
    None when codes can only be given at a service counter."""
    gateway = enabled_gateway()
    if gateway is not None:
        try:
            return webhook_sender(gateway)
        except SmsError:
            logger.warning("SMS gateway secret of %s cannot be decrypted", current_tenant.slug)
            return None
    fallback = sms_sender()
    return fallback if fallback.delivers else None


def self_service_channel() -> str | None:
    """How codes reach citizens, for the page ("SMS", "WhatsApp"), or None without a sender."""
    sender = self_service_sender()
    if sender is None:
        return None
    return channel_label(sender.channel if isinstance(sender, WebhookSmsSender) else SMS)


def send_test(phone: str) -> str:
    """Send a test message through the saved gateway (enabled or not); audited. Returns the
    normalised number; SmsError or GatewaySettingsError say what went wrong."""
    gateway = get_gateway()
    if gateway is None:
        raise GatewaySettingsError(_("Simpan pengaturan gateway dulu, lalu kirim pesan uji."))
    try:
        number = normalize_phone(phone or "")
    except PhoneError:
        raise GatewaySettingsError(_("Nomor telepon tujuan tidak valid; gunakan nomor Indonesia, "
                                     "mis. 0812-3456-7890.")) from None
    text = _("Pesan uji dari %(regency)s: gateway SMS/WhatsApp sudah tersambung.", regency=current_tenant.short_name)
    try:
        webhook_sender(gateway).send(number, text)
    except SmsError as exc:
        record("sms_gateway.test", "sms_gateway", gateway.id, ok=False)
        tenant_db.session.commit()
        raise GatewaySettingsError(str(exc)) from None
    record("sms_gateway.test", "sms_gateway", gateway.id, ok=True)
    tenant_db.session.commit()
    return number
