"""Paying tickets online: the visitor's way to Stripe Checkout, Stripe's signed webhook, and
the managers' page for the regency's Stripe keys."""

from __future__ import annotations

import logging

from flask import Response, flash, jsonify, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from kiblat.modules.kunjungan.forms import PayOnlineForm, StripeSettingsForm
from kiblat.modules.kunjungan.models import Booking
from kiblat.modules.kunjungan.services import booking as bookings
from kiblat.modules.kunjungan.services import notify, online
from kiblat.modules.kunjungan.services.errors import KunjunganError
from kiblat.platform.core.extensions import csrf
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.sessions import get_current_user, login_required, permission_required
from kiblat.platform.payments import accounts, webhooks
from kiblat.platform.payments.settings import settings_page as payment_settings
from kiblat.tenants.database import tenant_db

logger = logging.getLogger("kiblat.kunjungan.online")


def to_checkout(found: Booking) -> Response:
    """Send the visitor to Stripe Checkout for ``found``; back to the booking page if Stripe fails."""
    back = url_for("kunjungan.booking_page", code=found.code, _external=True)
    try:
        url = online.checkout_url(found, success_url=back + "?dibayar=1", cancel_url=back,
                                  locale=str(get_locale() or "id"))
    except (KunjunganError, accounts.PaymentSetupError) as exc:
        flash(str(exc), "error")
        return redirect(back)
    except Exception:  # noqa: BLE001 - any Stripe or network failure: the visitor may retry or pay at the counter
        logger.exception("Stripe Checkout could not be opened for booking %s", found.code)
        flash(_("Halaman pembayaran online tidak dapat dibuka sekarang. Coba lagi sebentar lagi atau bayar di loket."),
              "error")
        return redirect(back)
    return redirect(url, code=303)


@login_required
def pay(code: str) -> Response:
    found = bookings.by_code(code)
    if found is None or found.user_id != get_current_user().id:
        flash(_("Pesanan tidak ditemukan."), "error")
        return redirect(url_for("kunjungan.my_tickets"))
    if not PayOnlineForm().validate_on_submit():
        flash(_("Formulir kedaluwarsa; muat ulang halaman dan coba lagi."), "error")
        return redirect(url_for("kunjungan.booking_page", code=found.code))
    return to_checkout(found)


@csrf.exempt
def webhook() -> tuple[Response, int]:
    """Stripe's signed report that a payment succeeded (the regency registers this address)."""
    try:
        event = webhooks.verify(online.OWNER, request.get_data(), request.headers.get("Stripe-Signature"))
        outcome, found = online.handle(event)
    except webhooks.WebhookRefused as exc:
        tenant_db.session.rollback()
        return jsonify(error=str(exc)), 400
    if found is not None and outcome == online.PAID:
        record("kunjungan.paid_online", "kunjungan_booking", found.id, total=found.total,
               reference=found.payment_reference)
        tenant_db.session.commit()
        notify.paid_online(found, url_for("kunjungan.booking_page", code=found.code, _external=True))
    elif found is not None and outcome == online.REFUND:
        # The seats went back on sale before the money came: the manager refunds it from Stripe.
        record("kunjungan.paid_online_refused", "kunjungan_booking", found.id, code=found.code,
               status=found.status, event=str(event.get("id", ""))[:80])
        tenant_db.session.commit()
    return jsonify(status=outcome), 200


@permission_required("kunjungan.manage")
def settings_page() -> Response | tuple[str, int]:
    return payment_settings(online.OWNER, StripeSettingsForm(), template="kunjungan/online_settings.html",
                            audit_action="kunjungan.online_payment_settings", done_endpoint="kunjungan.online_settings",
                            webhook_endpoint="kunjungan.stripe_webhook")
