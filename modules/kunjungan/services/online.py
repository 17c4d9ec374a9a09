"""Paying tickets online through the regency's own Stripe account.

A visitor who chooses to pay online holds the seats for a short time (``online_hold_minutes``)
and is sent to Stripe Checkout for the booking's exact total. Stripe's signed webhook marks the
booking paid; only then are its QR tickets shown. The webhook is trusted only when signed with
this regency's webhook secret, names this regency and this booking, and carries the booking's
total in Rupiah. Each event id is handled once (``kunjungan_stripe_event``). A payment that
arrives after the hold ran out (the seats went back on sale) is not taken: it is recorded as
due for refund.

Stripe amounts for IDR are in the currency's minor unit (sen): Rupiah × 100.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kiblat.modules.kunjungan.models import Booking, StripeAccount, StripeEvent
from kiblat.modules.kunjungan.services import booking as bookings
from kiblat.modules.kunjungan.services import clock
from kiblat.modules.kunjungan.services.errors import KunjunganError
from kiblat.platform.identity.crypto import decrypt, encrypt
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

if TYPE_CHECKING:
    import stripe

CURRENCY = "idr"
MINOR_UNITS = 100
SECRET_PURPOSE = "kunjungan-stripe-secret-key"
WEBHOOK_PURPOSE = "kunjungan-stripe-webhook-secret"
PAID_EVENTS = ("checkout.session.completed", "checkout.session.async_payment_succeeded", "payment_intent.succeeded")
# What the webhook did with an event (kept per event id).
PAID, ALREADY, REFUND, IGNORED = "paid", "already", "refund", "ignored"


class WebhookRefused(ValueError):
    """A webhook that is not for this regency's booking, or not signed by its Stripe account."""


@dataclass(frozen=True)
class Payment:
    tenant_slug: str
    booking_code: str
    amount: int
    currency: str
    reference: str


def account() -> StripeAccount | None:
    return tenant_db.session.scalar(select(StripeAccount).order_by(StripeAccount.id).limit(1))


def available() -> bool:
    """Visitors may pay online: the regency switched it on with both keys saved."""
    row = account()
    return bool(row and row.enabled and row.secret_key_cipher and row.webhook_secret_cipher)


def save(secret_key: str, webhook_secret: str, enabled: bool, actor_name: str) -> StripeAccount:
    """Store the keys (an empty field keeps the stored key). Does not commit."""
    secret_key, webhook_secret = (secret_key or "").strip(), (webhook_secret or "").strip()
    if secret_key and not secret_key.startswith(("sk_", "rk_")):
        raise KunjunganError("Kunci rahasia Stripe diawali sk_ (atau rk_ untuk kunci terbatas).")
    if webhook_secret and not webhook_secret.startswith("whsec_"):
        raise KunjunganError("Rahasia penandatanganan webhook Stripe diawali whsec_.")
    row = account()
    if row is None:
        row = StripeAccount(secret_key_cipher="", webhook_secret_cipher="")
        tenant_db.session.add(row)
    if secret_key:
        row.secret_key_cipher = encrypt(secret_key, SECRET_PURPOSE)
    if webhook_secret:
        row.webhook_secret_cipher = encrypt(webhook_secret, WEBHOOK_PURPOSE)
    if enabled and not (row.secret_key_cipher and row.webhook_secret_cipher):
        raise KunjunganError("Isi kunci rahasia dan rahasia webhook sebelum mengaktifkan pembayaran online.")
    row.enabled = enabled
    row.updated_at, row.updated_by_name = datetime.now(UTC), actor_name[:120]
    tenant_db.session.flush()
    return row


def client() -> stripe.StripeClient:
    import stripe  # imported on first use: slow to import, needed only when paying online

    row = account()
    if row is None or not available():
        raise KunjunganError("Pembayaran online belum tersedia di sini.")
    key = decrypt(row.secret_key_cipher, SECRET_PURPOSE)
    if not key:
        raise KunjunganError("Kunci Stripe tidak dapat dibuka; pengelola perlu menyimpannya ulang.")
    # The operator may point every Stripe call at another address (a test double, a proxy).
    base = current_app.config["KIBLAT_SOURCE_ENV"].get("KIBLAT_STRIPE_API_BASE")
    if base:
        return stripe.StripeClient(key, base_addresses={"api": base}, max_network_retries=2)
    return stripe.StripeClient(key, max_network_retries=2)


def metadata(booking: Booking) -> dict[str, str]:
    return {"tenant_slug": current_tenant.slug, "booking_code": booking.code}


def payable(booking: Booking) -> bool:
    """Still waiting for an online payment that can be taken now."""
    return (booking.pay_online and booking.status == bookings.UNPAID and booking.total > 0
            and clock.aware(booking.expires_at) > clock.now() and available())


def checkout_url(booking: Booking, success_url: str, cancel_url: str, locale: str) -> str:
    """A Stripe Checkout page for exactly this booking, closing when the hold ends; its URL."""
    if not payable(booking):
        raise KunjunganError("Pesanan ini tidak dapat dibayar online.")
    params = {
        "mode": "payment",
        "client_reference_id": booking.code,
        "line_items": [{"quantity": 1, "price_data": {
            "currency": CURRENCY, "unit_amount": booking.total * MINOR_UNITS,
            "product_data": {"name": f"Tiket {booking.slot.place.name} ({booking.seats})"[:250]}}}],
        "metadata": metadata(booking),
        "payment_intent_data": {"metadata": metadata(booking), "description": f"Tiket {booking.code}"},
        "success_url": success_url,
        "cancel_url": cancel_url,
        "locale": "en" if locale == "en" else "id",
    }
    # The Checkout page closes with the hold, but Stripe accepts no closing time sooner than 30
    # minutes ahead (a minute's margin for the request's travel); a payment made in that last
    # stretch finds the hold gone and is marked for refund.
    soonest = int((clock.now() + timedelta(minutes=31)).timestamp())
    params["expires_at"] = max(int(clock.aware(booking.expires_at).timestamp()), soonest)
    return client().v1.checkout.sessions.create(params=params).url


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
    if not isinstance(event, dict) or not isinstance(event.get("type"), str) \
            or not isinstance(event.get("id"), str) or not event["id"]:
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
    return Payment(str(meta.get("tenant_slug", "")), str(meta.get("booking_code", "")), amount,
                   str(obj.get("currency", "")).lower(), reference[:80])


def booking_for(payment: Payment) -> Booking:
    """This regency's booking the payment is for, at its exact total; else WebhookRefused."""
    if payment.tenant_slug != current_tenant.slug:
        raise WebhookRefused("the payment is for another regency")
    found = bookings.by_code(payment.booking_code) if payment.booking_code else None
    if found is None:
        raise WebhookRefused("no such booking")
    if payment.currency != CURRENCY or payment.amount != found.total * MINOR_UNITS:
        raise WebhookRefused("the amount or currency differs from the booking")
    return found


def handle(event: dict) -> tuple[str, Booking | None]:
    """Apply a verified event once. Returns (outcome, booking); a redelivered event id returns
    ``already`` and changes nothing. Commits."""
    session = tenant_db.session
    event_id = event["id"][:255]
    if session.scalar(select(StripeEvent.id).where(StripeEvent.event_id == event_id)) is not None:
        return ALREADY, None
    payment = payment_of(event)
    found = booking_for(payment) if payment is not None else None
    outcome = IGNORED
    if found is not None:
        session.commit()
        outcome = PAID if bookings.mark_paid_online(found.id, payment.reference) else ALREADY
        session.refresh(found)
        if found.status != bookings.PAID:
            outcome = REFUND  # the hold ran out or the booking was cancelled before the money came
        elif outcome == ALREADY and found.payment_reference != payment.reference:
            outcome = REFUND  # paid twice (another event, another PaymentIntent): the second goes back
    try:
        session.add(StripeEvent(event_id=event_id, booking_id=found.id if found else None, outcome=outcome,
                                received_at=clock.now()))
        session.commit()
    except IntegrityError:
        # The same event delivered twice at once: the other delivery recorded it.
        session.rollback()
        return ALREADY, found
    return outcome, found
