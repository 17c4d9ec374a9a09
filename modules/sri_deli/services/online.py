"""Paying retribusi online through the regency's own Stripe account.

The citizen is sent to a Stripe Checkout page for the bill's exact amount; Stripe then tells the
regency's host (a signed webhook) that the payment succeeded, and the bill is marked paid, which
issues the permit as the treasurer's confirmation does. The webhook is trusted only when signed
with this regency's webhook secret, names this regency and this bill, and carries the bill's
amount in Rupiah; a repeated event changes nothing.

Stripe amounts for IDR are in the currency's minor unit (sen): Rupiah × 100.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from kiblat.modules.sri_deli.models import Bill, StripeAccount
from kiblat.platform.identity.crypto import decrypt, encrypt
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

if TYPE_CHECKING:
    import stripe

CURRENCY = "idr"
MINOR_UNITS = 100
SECRET_PURPOSE = "sri-deli-stripe-secret-key"
WEBHOOK_PURPOSE = "sri-deli-stripe-webhook-secret"
# Events that say money arrived: Checkout's, and the PaymentIntent's it carries our metadata to.
PAID_EVENTS = ("checkout.session.completed", "checkout.session.async_payment_succeeded", "payment_intent.succeeded")


class OnlinePaymentError(ValueError):
    """Settings or a payment that cannot be accepted; the message is fit to show."""


class WebhookRefused(ValueError):
    """A webhook that is not for this regency's bill, or not signed by its Stripe account."""


@dataclass(frozen=True)
class Payment:
    """What a paid event says: which bill, how much (Rupiah), the Stripe reference."""

    tenant_slug: str
    bill_code: str
    amount: int
    currency: str
    reference: str


def account() -> StripeAccount | None:
    return tenant_db.session.scalar(select(StripeAccount).order_by(StripeAccount.id).limit(1))


def available() -> bool:
    """Citizens may pay online: the regency switched it on with both keys saved."""
    row = account()
    return bool(row and row.enabled and row.secret_key_cipher and row.webhook_secret_cipher)


def save(secret_key: str, webhook_secret: str, enabled: bool, actor_name: str,
         now: datetime | None = None) -> StripeAccount:
    """Store the keys (an empty field keeps the stored key). Does not commit."""
    secret_key, webhook_secret = (secret_key or "").strip(), (webhook_secret or "").strip()
    if secret_key and not secret_key.startswith(("sk_", "rk_")):
        raise OnlinePaymentError(str(_l("Kunci rahasia Stripe diawali sk_ (atau rk_ untuk kunci terbatas)")))
    if webhook_secret and not webhook_secret.startswith("whsec_"):
        raise OnlinePaymentError(str(_l("Rahasia penandatanganan webhook Stripe diawali whsec_")))
    row = account()
    if row is None:
        row = StripeAccount(secret_key_cipher="", webhook_secret_cipher="")
        tenant_db.session.add(row)
    if secret_key:
        row.secret_key_cipher = encrypt(secret_key, SECRET_PURPOSE)
    if webhook_secret:
        row.webhook_secret_cipher = encrypt(webhook_secret, WEBHOOK_PURPOSE)
    if enabled and not (row.secret_key_cipher and row.webhook_secret_cipher):
        raise OnlinePaymentError(str(_l("Isi kunci rahasia dan rahasia webhook sebelum mengaktifkan pembayaran online")))
    row.enabled = enabled
    row.updated_at, row.updated_by_name = now or datetime.now(UTC), actor_name[:120]
    tenant_db.session.flush()
    return row


def _secret(cipher: str, purpose: str) -> str:
    value = decrypt(cipher, purpose) if cipher else None
    if not value:
        raise OnlinePaymentError(str(_l("Kunci Stripe tidak dapat dibuka; admin perlu menyimpannya ulang")))
    return value


def client() -> stripe.StripeClient:
    import stripe  # imported on first use: slow to import, needed only when paying online

    row = account()
    if row is None or not available():
        raise OnlinePaymentError(str(_l("Pembayaran online belum tersedia di kabupaten/kota ini")))
    key = _secret(row.secret_key_cipher, SECRET_PURPOSE)
    # The operator may point every Stripe call at another address (a test double, a proxy).
    base = current_app.config["KIBLAT_SOURCE_ENV"].get("KIBLAT_STRIPE_API_BASE")
    if base:
        return stripe.StripeClient(key, base_addresses={"api": base}, max_network_retries=2)
    return stripe.StripeClient(key, max_network_retries=2)


def metadata(bill: Bill) -> dict[str, str]:
    return {"tenant_slug": current_tenant.slug, "bill_code": bill.code}


def checkout_url(bill: Bill, permit_name: str, success_url: str, cancel_url: str, locale: str) -> str:
    """A Stripe Checkout page for exactly this bill; its URL."""
    session = client().v1.checkout.sessions.create(params={
        "mode": "payment",
        "client_reference_id": bill.code,
        "line_items": [{"quantity": 1, "price_data": {
            "currency": CURRENCY, "unit_amount": bill.amount * MINOR_UNITS,
            "product_data": {"name": f"Retribusi {permit_name}"[:250]}}}],
        "metadata": metadata(bill),
        "payment_intent_data": {"metadata": metadata(bill), "description": f"Retribusi {bill.code}"},
        "success_url": success_url,
        "cancel_url": cancel_url,
        "locale": "en" if locale == "en" else "id",
    })
    return session.url


def verify(payload: bytes, signature: str | None) -> dict:
    """The event, if signed with this regency's webhook secret; else WebhookRefused."""
    import stripe  # imported on first use: slow to import

    row = account()
    if row is None or not row.webhook_secret_cipher:
        raise WebhookRefused("online payment is not configured for this regency")
    secret = decrypt(row.webhook_secret_cipher, WEBHOOK_PURPOSE)
    if not secret:
        raise WebhookRefused("the webhook secret cannot be read")
    try:
        stripe.WebhookSignature.verify_header(payload, signature or "", secret, stripe.Webhook.DEFAULT_TOLERANCE)
    except (ValueError, stripe.SignatureVerificationError):
        raise WebhookRefused("bad signature") from None
    try:
        event = json.loads(payload)
    except (ValueError, RecursionError):
        raise WebhookRefused("the body is not JSON") from None
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        raise WebhookRefused("not an event")
    return event


def payment_of(event: dict) -> Payment | None:
    """The payment a paid event reports; None for events that report none."""
    if event["type"] not in PAID_EVENTS:
        return None
    obj = (event.get("data") or {}).get("object")
    if not isinstance(obj, dict):
        raise WebhookRefused("event without an object")
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    if event["type"].startswith("checkout.session"):
        if obj.get("payment_status") != "paid":
            return None  # paid later (bank transfer): async_payment_succeeded follows
        amount, reference = obj.get("amount_total"), obj.get("payment_intent") or obj.get("id")
    else:
        if obj.get("status") != "succeeded":
            return None
        amount, reference = obj.get("amount_received", obj.get("amount")), obj.get("id")
    if not isinstance(amount, int) or isinstance(amount, bool) or not isinstance(reference, str):
        raise WebhookRefused("event without an amount or reference")
    return Payment(tenant_slug=str(meta.get("tenant_slug", "")), bill_code=str(meta.get("bill_code", "")),
                   amount=amount, currency=str(obj.get("currency", "")).lower(), reference=reference[:80])


def bill_for(payment: Payment) -> Bill:
    """This regency's bill the payment is for, at its exact amount; else WebhookRefused."""
    if payment.tenant_slug != current_tenant.slug:
        raise WebhookRefused("the payment is for another regency")
    bill = tenant_db.session.scalar(select(Bill).where(Bill.code == payment.bill_code))
    if bill is None:
        raise WebhookRefused("no such bill")
    if payment.currency != CURRENCY or payment.amount != bill.amount * MINOR_UNITS:
        raise WebhookRefused("the amount or currency differs from the bill")
    return bill
