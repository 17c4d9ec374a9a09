"""Paying retribusi online: the citizen's button to Stripe Checkout, Stripe's signed webhook,
and the admin's page for the regency's Stripe keys."""

from __future__ import annotations

import logging

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from kiblat.modules.sri_deli.forms import PayOnlineForm, StripeSettingsForm
from kiblat.modules.sri_deli.models import AWAITING_PAYMENT, UNPAID
from kiblat.modules.sri_deli.services import online, payments, queries, workflow
from kiblat.platform.core.extensions import csrf
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.sessions import get_current_user, login_required, permission_required
from kiblat.platform.web.forms import error_messages
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
        event = online.verify(request.get_data(), request.headers.get("Stripe-Signature"))
        payment = online.payment_of(event)
        if payment is None:
            return jsonify(status="ignored"), 200
        bill = online.bill_for(payment)
    except online.WebhookRefused as exc:
        tenant_db.session.rollback()
        return jsonify(error=str(exc)), 400
    try:
        changed = workflow.confirm_online_payment(bill, payment.reference)
    except workflow.WorkflowError:
        # Paid after the bill expired: the money must go back; the treasurer sees it in the audit log.
        tenant_db.session.rollback()
        record("sri_deli.paid_online_refused", "sri_deli_bill", bill.id, code=bill.code, reference=payment.reference)
        tenant_db.session.commit()
        return jsonify(status="refused"), 200
    return jsonify(status="paid" if changed else "already"), 200


@permission_required("sri_deli.manage")
def settings_page() -> Response | str | tuple[str, int]:
    form = StripeSettingsForm()
    row = online.account()
    error = None
    if not form.is_submitted() and row is not None:
        form.aktif.data = row.enabled
    if form.is_submitted():
        if not form.validate():
            error = "; ".join(error_messages(form))
        else:
            try:
                online.save(form.kunci_rahasia.data or "", form.rahasia_webhook.data or "", bool(form.aktif.data),
                            get_current_user().name)
            except online.OnlinePaymentError as exc:
                tenant_db.session.rollback()
                error = str(exc)
            else:
                record("sri_deli.online_payment_settings", "sri_deli_stripe_account", online.account().id,
                       enabled=bool(form.aktif.data), secret_key_changed=bool(form.kunci_rahasia.data),
                       webhook_secret_changed=bool(form.rahasia_webhook.data))
                tenant_db.session.commit()
                flash(_("Pengaturan pembayaran online disimpan."))
                return redirect(url_for("sri_deli.online_settings"))
    return render_template("sri_deli/online_settings.html", form=form, row=online.account(), error=error,
                           webhook_url=url_for("sri_deli.stripe_webhook", _external=True)), (422 if error else 200)
