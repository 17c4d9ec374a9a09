"""Stripe events: verified, processed once per event id, safe when late or repeated.

Each Stripe invoice is mirrored as an :class:`Invoice` whose status only moves forward
(open → failed → paid; paid is final), so events arriving out of order converge on the
same state. Subscription fields are replaced only by an event at least as recent
(``created``) as the one that last set them. The standing is then derived from the
invoices by :func:`reconcile`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kiblat.platform.billing.event_shape import MalformedEvent, check_event
from kiblat.platform.billing.models import (
    FAILED,
    PAID,
    STRIPE,
    VOID,
    BillingAccount,
    Invoice,
    InvoiceLine,
    StripeEvent,
)
from kiblat.platform.billing.settings import BillingError, stripe_webhook_secret
from kiblat.platform.billing.standing import reconcile
from kiblat.platform.billing.stripe_billing import MINOR_UNITS
from kiblat.platform.core.extensions import db
from kiblat.platform.core.times import as_utc
from kiblat.tenants.models import Tenant


class SignatureError(ValueError):
    pass


def verify(payload: bytes, signature: str | None) -> object:
    """The parsed body, if ``payload`` is signed with our webhook secret; else SignatureError.
    The body is parsed here, not by Stripe's event constructor: a signed body that is not a
    well-formed event is :class:`MalformedEvent`, refused with a 400, never a crash."""
    import stripe  # imported on first use: slow to import

    secret = stripe_webhook_secret()
    if not secret:
        raise BillingError("KIBLAT_STRIPE_WEBHOOK_SECRET belum diatur")
    try:
        stripe.WebhookSignature.verify_header(payload, signature or "", secret,
                                              stripe.Webhook.DEFAULT_TOLERANCE)
    except (ValueError, stripe.SignatureVerificationError) as exc:
        raise SignatureError(str(exc)) from None
    try:
        event = json.loads(payload)
    except (ValueError, RecursionError):
        raise MalformedEvent("the body is not JSON") from None
    check_event(event)
    return event


def _moment(epoch: int | None) -> datetime | None:
    return datetime.fromtimestamp(epoch, UTC) if epoch else None


def _mirror_invoice(account: BillingAccount, obj: dict) -> Invoice:
    invoice = db.session.scalar(select(Invoice).where(Invoice.stripe_invoice_id == obj["id"]))
    if invoice is not None:
        return invoice
    invoice = Invoice(
        tenant_id=account.tenant_id,
        number=(obj.get("number") or obj["id"])[:60],
        source=STRIPE,
        stripe_invoice_id=obj["id"],
        period_start=_day(obj.get("period_start")),
        period_end=_day(obj.get("period_end")),
        issued_at=_moment(obj.get("created")) or datetime.now(UTC),
        total=int(obj.get("amount_due") or obj.get("total") or 0) // MINOR_UNITS,
        status="open",
    )
    for line in (obj.get("lines") or {}).get("data", []):
        invoice.lines.append(InvoiceLine(
            module_key=((line.get("metadata") or {}).get("module_key") or "")[:40],
            description=(line.get("description") or "Langganan Kiblat")[:200],
            amount=int(line.get("amount") or 0) // MINOR_UNITS,
        ))
    db.session.add(invoice)
    return invoice


def _day(epoch: int | None):  # noqa: ANN202
    moment = _moment(epoch)
    return moment.date() if moment else None


def _invoice_paid(account: BillingAccount, obj: dict, created: int) -> None:
    invoice = _mirror_invoice(account, obj)
    if invoice.status != PAID:
        invoice.status = PAID
        paid_at = (obj.get("status_transitions") or {}).get("paid_at") or created
        invoice.paid_at = _moment(paid_at)
        invoice.paid_by = "stripe"


def _invoice_failed(account: BillingAccount, obj: dict, created: int) -> None:
    invoice = _mirror_invoice(account, obj)
    if invoice.status in (PAID, VOID) or obj.get("status") in ("paid", "void"):
        return  # a later event already settled it
    failed_at = _moment(created)
    if invoice.payment_failed_at is None or failed_at < as_utc(invoice.payment_failed_at):
        invoice.payment_failed_at = failed_at
    invoice.status = FAILED


def _invoice_voided(account: BillingAccount, obj: dict, created: int) -> None:
    invoice = _mirror_invoice(account, obj)
    if invoice.status != PAID:
        invoice.status = VOID


def _subscription(account: BillingAccount, obj: dict, created: int) -> None:
    seen = account.stripe_subscription_event_at
    if seen is not None and created < seen:
        return  # older than what we know
    same = account.stripe_subscription_id == obj["id"]
    if same and account.stripe_subscription_status == "canceled" and obj.get("status") != "canceled":
        return  # canceled is final for a subscription
    account.stripe_subscription_id = obj["id"]
    account.stripe_subscription_status = obj.get("status")
    account.stripe_subscription_event_at = created


def _checkout_completed(account: BillingAccount, obj: dict, created: int) -> None:
    if obj.get("customer") and not account.stripe_customer_id:
        account.stripe_customer_id = obj["customer"]
    if obj.get("subscription") and account.stripe_subscription_id is None:
        account.stripe_subscription_id = obj["subscription"]


HANDLERS: dict[str, Callable[[BillingAccount, dict, int], None]] = {
    "invoice.paid": _invoice_paid,
    "invoice.payment_succeeded": _invoice_paid,
    "invoice.payment_failed": _invoice_failed,
    "invoice.voided": _invoice_voided,
    "customer.subscription.created": _subscription,
    "customer.subscription.updated": _subscription,
    "customer.subscription.deleted": _subscription,
    "checkout.session.completed": _checkout_completed,
}


def _account_for(obj: dict) -> BillingAccount | None:
    query = select(BillingAccount).with_for_update()
    slug = obj.get("client_reference_id") if obj.get("object") == "checkout.session" else None
    if slug:  # our Checkout sessions name the tenant
        return db.session.scalar(
            select(BillingAccount).join(Tenant, Tenant.id == BillingAccount.tenant_id)
            .where(Tenant.slug == slug).with_for_update(of=BillingAccount)
        )
    customer = obj.get("customer")
    if isinstance(customer, dict):
        customer = customer.get("id")
    if customer:
        return db.session.scalar(query.where(BillingAccount.stripe_customer_id == customer))
    return None


def process_event(event: dict, now: datetime) -> str:
    """Apply a verified event once. Returns ``processed``, ``duplicate``, ``ignored`` or ``unknown``;
    :class:`MalformedEvent` when it lacks what its handler needs."""
    check_event(event)
    handler = HANDLERS.get(event.get("type", ""))
    if handler is None:
        return "ignored"
    created = int(event.get("created") or 0)
    record = StripeEvent(event_id=event["id"], event_type=event["type"], created=created, received_at=now)
    db.session.add(record)
    try:
        # Written first: it takes the write lock, so concurrent deliveries queue up here.
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return "duplicate"
    obj = event["data"]["object"]
    account = _account_for(obj)
    if account is None:
        record.outcome = "unknown"
        db.session.commit()
        return "unknown"
    record.tenant_id = account.tenant_id
    handler(account, obj, created)
    reconcile(account.tenant_id, now)  # commits the event, its effect and the new standing together
    return "processed"
