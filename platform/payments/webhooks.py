"""Stripe's signed webhooks for an owner's account, each event id handled once.

A webhook is trusted only when signed with this regency's webhook secret for that owner and,
for a payment, naming this regency in its metadata: regency A's signature or metadata can never
mark regency B's record paid. The owner's callable then finds its record and checks the amount
(``require_amount``); what it answers is kept per event id in ``payment_event``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kiblat.platform.payments import accounts
from kiblat.platform.payments.checkout import CURRENCY, MINOR_UNITS
from kiblat.platform.payments.models import PaymentEvent
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

# Events that say money arrived: Checkout's, and the PaymentIntent's it carries the metadata to.
PAID_EVENTS = ("checkout.session.completed", "checkout.session.async_payment_succeeded", "payment_intent.succeeded")
# What handling an event did; owners may answer other outcomes of their own (``refund``, ``refused``).
PAID, ALREADY, IGNORED = "paid", "already", "ignored"


class WebhookRefused(ValueError):
    """A webhook not signed by this regency's account, or not for this regency's record."""


@dataclass(frozen=True)
class Payment:
    """What a paid event says: the metadata it carries, how much (sen), the Stripe reference."""

    metadata: dict[str, str]
    amount: int
    currency: str
    reference: str

    def code(self, key: str) -> str:
        return self.metadata.get(key, "")


@dataclass(frozen=True)
class Handled:
    """The owner's answer to a payment: the outcome, its code for the record, the record itself."""

    outcome: str
    ref: str = ""
    subject: Any = field(default=None)


def verify(owner: str, payload: bytes, signature: str | None) -> dict:
    """The event, if signed with this regency's webhook secret for ``owner``; else WebhookRefused."""
    import stripe  # imported on first use: slow to import

    if accounts.account(owner) is None:
        raise WebhookRefused("online payment is not configured for this regency")
    secret = accounts.webhook_secret(owner)
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
    return Payment(metadata={str(k): str(v) for k, v in meta.items()}, amount=amount,
                   currency=str(obj.get("currency", "")).lower(), reference=reference[:80])


def require_amount(payment: Payment, rupiah: int) -> None:
    """WebhookRefused unless the payment is exactly ``rupiah`` in Rupiah."""
    if payment.currency != CURRENCY or payment.amount != rupiah * MINOR_UNITS:
        raise WebhookRefused("the amount or currency differs from what is owed")


def handle(owner: str, event: dict, on_paid: Callable[[Payment], Handled],
           now: datetime | None = None) -> Handled:
    """Apply a verified event once. ``on_paid`` finds the owner's record for a payment naming this
    regency (raising WebhookRefused if it has none, or the amount differs) and applies it. A
    redelivered event id answers ``already`` and changes nothing. Commits."""
    session = tenant_db.session
    event_id = event["id"][:255]
    seen = select(PaymentEvent.id).where(PaymentEvent.owner == owner, PaymentEvent.event_id == event_id)
    if session.scalar(seen) is not None:
        return Handled(ALREADY)
    payment = payment_of(event)
    handled = Handled(IGNORED)
    if payment is not None:
        if payment.code("tenant_slug") != current_tenant.slug:
            raise WebhookRefused("the payment is for another regency")
        handled = on_paid(payment)
    try:
        session.add(PaymentEvent(owner=owner, event_id=event_id, ref=handled.ref[:80], outcome=handled.outcome[:20],
                                 received_at=now or datetime.now(UTC)))
        session.commit()
    except IntegrityError:
        # The same event delivered twice at once: the other delivery recorded it.
        session.rollback()
        return Handled(ALREADY, handled.ref, handled.subject)
    return handled
