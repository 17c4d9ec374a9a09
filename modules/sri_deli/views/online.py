"""Paying retribusi online: the citizen's button to Stripe Checkout, Stripe's signed webhook,
and the admin's page for the regency's Stripe keys."""

from __future__ import annotations

import logging

from flask import Response, abort, flash, jsonify, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from kiblat.modules.sri_deli.forms import PayOnlineForm, StripeSettingsForm
from kiblat.modules.sri_deli.models import AWAITING_PAYMENT, UNPAID
from kiblat.modules.sri_deli.services import online, payments, queries
from kiblat.platform.core.extensions import csrf
from kiblat.platform.identity.sessions import get_current_user, login_required, permission_required
from kiblat.platform.payments import webhooks
from kiblat.platform.payments.settings import settings_page as payment_settings
from kiblat.tenants.database import tenant_db

logger = logging.getLogger("kiblat.sri_deli.online")


@login_required
def pay(application_id: int) -> Response:
    """Send the applicant to Stripe Checkout for their unpaid bill."""
    application = queries.get_for_citizen(application_id, get_current_user())
    if application is None:
        abort(404)
    bill = payments.bill_of(application)
    back = url_for("sri_deli.my_application", application_id=application.id, _external=True)
    if not PayOnlineForm().validate_on_submit() or bill is None or bill.status != UNPAID \
            or application.status != AWAITING_PAYMENT or not online.available():
        flash(_("Tagihan ini tidak dapat dibayar online; gunakan cara pembayaran di bawah."), "error")
        return redirect(back)
    try:
        url = online.checkout_url(bill, application.permit_type.name, success_url=back + "?dibayar=1",
                                  cancel_url=back, locale=str(get_locale() or "id"))
    except Exception:  # noqa: BLE001 - any Stripe or network failure: the citizen pays another way
        logger.exception("Stripe Checkout could not be opened for bill %s", bill.code)
        flash(_("Halaman pembayaran online tidak dapat dibuka sekarang. Coba lagi nanti atau bayar di loket/bank."),
              "error")
        return redirect(back)
    return redirect(url, code=303)


@csrf.exempt
def webhook() -> tuple[Response, int]:
    """Stripe's signed report that a payment succeeded (the regency registers this address)."""
    try:
        event = webhooks.verify(online.OWNER, request.get_data(), request.headers.get("Stripe-Signature"))
        handled = webhooks.handle(online.OWNER, event, online.on_paid)
    except webhooks.WebhookRefused as exc:
        tenant_db.session.rollback()
        return jsonify(error=str(exc)), 400
    return jsonify(status=handled.outcome), 200


@permission_required("sri_deli.manage")
def settings_page() -> Response | tuple[str, int]:
    return payment_settings(online.OWNER, StripeSettingsForm(), template="sri_deli/online_settings.html",
                            audit_action="sri_deli.online_payment_settings", done_endpoint="sri_deli.online_settings",
                            webhook_endpoint="sri_deli.stripe_webhook")
