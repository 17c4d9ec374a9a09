"""A regency's Stripe keys per owner (a module's key), encrypted, and the client they open.

The encryption purpose is ``<owner with dashes>-stripe-secret-key`` (and ``…-webhook-secret``):
the names the modules used before the keys moved here, so keys saved then still open.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from kiblat.platform.identity.crypto import decrypt, encrypt
from kiblat.platform.payments.models import PaymentAccount
from kiblat.tenants.database import tenant_db

if TYPE_CHECKING:
    import stripe


class PaymentSetupError(ValueError):
    """Settings or a payment that cannot be accepted; the message is fit to show."""


def secret_purpose(owner: str) -> str:
    return f"{owner.replace('_', '-')}-stripe-secret-key"


def webhook_purpose(owner: str) -> str:
    return f"{owner.replace('_', '-')}-stripe-webhook-secret"


def account(owner: str) -> PaymentAccount | None:
    return tenant_db.session.scalar(select(PaymentAccount).where(PaymentAccount.owner == owner))


def available(owner: str) -> bool:
    """People may pay ``owner`` online: the regency switched it on with both keys saved."""
    row = account(owner)
    return bool(row and row.enabled and row.secret_key_cipher and row.webhook_secret_cipher)


def save(owner: str, secret_key: str, webhook_secret: str, enabled: bool, actor_name: str,
         now: datetime | None = None) -> PaymentAccount:
    """Store the keys (an empty field keeps the stored key). Does not commit."""
    secret_key, webhook_secret = (secret_key or "").strip(), (webhook_secret or "").strip()
    if secret_key and not secret_key.startswith(("sk_", "rk_")):
        raise PaymentSetupError(str(_l("Kunci rahasia Stripe diawali sk_ (atau rk_ untuk kunci terbatas)")))
    if webhook_secret and not webhook_secret.startswith("whsec_"):
        raise PaymentSetupError(str(_l("Rahasia penandatanganan webhook Stripe diawali whsec_")))
    row = account(owner)
    if row is None:
        row = PaymentAccount(owner=owner, secret_key_cipher="", webhook_secret_cipher="")
        tenant_db.session.add(row)
    if secret_key:
        row.secret_key_cipher = encrypt(secret_key, secret_purpose(owner))
    if webhook_secret:
        row.webhook_secret_cipher = encrypt(webhook_secret, webhook_purpose(owner))
    if enabled and not (row.secret_key_cipher and row.webhook_secret_cipher):
        raise PaymentSetupError(str(_l("Isi kunci rahasia dan rahasia webhook sebelum mengaktifkan pembayaran online")))
    row.enabled = enabled
    row.updated_at, row.updated_by_name = now or datetime.now(UTC), actor_name[:120]
    tenant_db.session.flush()
    return row


def webhook_secret(owner: str) -> str | None:
    """The signing secret of ``owner``'s webhooks, or None when none can be read."""
    row = account(owner)
    if row is None or not row.webhook_secret_cipher:
        return None
    return decrypt(row.webhook_secret_cipher, webhook_purpose(owner)) or None


def client(owner: str) -> stripe.StripeClient:
    import stripe  # imported on first use: slow to import, needed only when paying online

    row = account(owner)
    if row is None or not available(owner):
        raise PaymentSetupError(str(_l("Pembayaran online belum tersedia di kabupaten/kota ini")))
    key = decrypt(row.secret_key_cipher, secret_purpose(owner))
    if not key:
        raise PaymentSetupError(str(_l("Kunci Stripe tidak dapat dibuka; admin perlu menyimpannya ulang")))
    # The operator may point every Stripe call at another address (a test double, a proxy).
    base = current_app.config["KIBLAT_SOURCE_ENV"].get("KIBLAT_STRIPE_API_BASE")
    if base:
        return stripe.StripeClient(key, base_addresses={"api": base}, max_network_retries=2)
    return stripe.StripeClient(key, max_network_retries=2)
