"""Paying tickets online through the regency's own Stripe account (``platform/payments``).

A visitor who chooses to pay online holds the seats for a short time (``online_hold_minutes``)
and is sent to Stripe Checkout for the booking's exact total. Stripe's signed webhook marks the
booking paid; only then are its QR tickets shown. The platform checks the signature, the regency
and each event id once; this module finds the booking and checks its total in Rupiah. A payment
that arrives after the hold ran out (the seats went back on sale) is not taken: it is recorded
as due for refund.
"""

from __future__ import annotations

from kiblat.modules.kunjungan.models import Booking
from kiblat.modules.kunjungan.services import booking as bookings
from kiblat.modules.kunjungan.services import clock
from kiblat.modules.kunjungan.services.errors import KunjunganError
from kiblat.platform.core.times import as_utc
from kiblat.platform.payments import accounts, checkout, webhooks
from kiblat.tenants.database import tenant_db

OWNER = "kunjungan"  # the account's owner key (this module's key)
CODE_KEY = "booking_code"  # the metadata key naming the booking
# What the webhook did with an event (kept per event id by the platform).
PAID, ALREADY, IGNORED = webhooks.PAID, webhooks.ALREADY, webhooks.IGNORED
REFUND = "refund"


def available() -> bool:
    """Visitors may pay online: the regency switched it on with both keys saved."""
    return accounts.available(OWNER)


def metadata(booking: Booking) -> dict[str, str]:
    return checkout.metadata(CODE_KEY, booking.code)


def payable(booking: Booking) -> bool:
    """Still waiting for an online payment that can be taken now."""
    return (booking.pay_online and booking.status == bookings.UNPAID and booking.total > 0
            and as_utc(booking.expires_at) > clock.now() and available())


def checkout_url(booking: Booking, success_url: str, cancel_url: str, locale: str) -> str:
    """A Stripe Checkout page for exactly this booking, closing when the hold ends; its URL.

    Stripe closes a page no sooner than 30 minutes ahead: a payment made in that last stretch
    finds the hold gone and is marked for refund."""
    if not payable(booking):
        raise KunjunganError("Pesanan ini tidak dapat dibayar online.")
    return checkout.checkout_url(
        OWNER, code_key=CODE_KEY, code=booking.code, rupiah=booking.total,
        name=f"Tiket {booking.slot.place.name} ({booking.seats})", description=f"Tiket {booking.code}",
        success_url=success_url, cancel_url=cancel_url, locale=locale,
        closes_at=as_utc(booking.expires_at), now=clock.now())


def on_paid(payment: webhooks.Payment) -> webhooks.Handled:
    """This regency's booking the payment is for, at its exact total, marked paid; a payment
    that finds the hold gone, or the booking paid by another payment, is due for refund."""
    code = payment.code(CODE_KEY)
    found = bookings.by_code(code) if code else None
    if found is None:
        raise webhooks.WebhookRefused("no such booking")
    webhooks.require_amount(payment, found.total)
    tenant_db.session.commit()
    outcome = PAID if bookings.mark_paid_online(found.id, payment.reference) else ALREADY
    tenant_db.session.refresh(found)
    if found.status != bookings.PAID:
        outcome = REFUND  # the hold ran out or the booking was cancelled before the money came
    elif outcome == ALREADY and found.payment_reference != payment.reference:
        outcome = REFUND  # paid twice (another event, another PaymentIntent): the second goes back
    return webhooks.Handled(outcome, found.code, found)


def handle(event: dict) -> tuple[str, Booking | None]:
    """Apply a verified event once: (outcome, booking). Commits."""
    handled = webhooks.handle(OWNER, event, on_paid, now=clock.now())
    return handled.outcome, handled.subject
