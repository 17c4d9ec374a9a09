"""Thin handlers for the assisted password reset: the officer's counter page and the citizen's
page to use the code (see assisted_reset.py)."""

from __future__ import annotations

from flask import make_response, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kiblat.platform.identity import assisted_reset
from kiblat.platform.identity.accounts import AccountError
from kiblat.platform.identity.forms import AssistedResetForm, PhoneResetForm, RedeemResetCodeForm
from kiblat.platform.identity.sessions import get_current_user
from kiblat.platform.identity.sms_gateway import self_service_channel
from kiblat.platform.identity.throttle import (
    LOGIN_ACCOUNT,
    LOGIN_IP,
    RESET_REQUEST_IP,
    hit,
    retry_after,
)
from kiblat.platform.identity.views import throttled_message
from kiblat.platform.web.hosts import require_tenant_host


def counter() -> Response | tuple[str, int, dict]:
    """An officer checks the KTP, then gets a one-time code for the citizen (shown once)."""
    require_tenant_host()
    form = AssistedResetForm()
    error, issued = None, None
    if form.validate_on_submit():
        subject = f"assist:{get_current_user().id}"
        wait = retry_after(LOGIN_ACCOUNT, subject)
        if wait:
            return render_template("identity/assist_reset.html", form=form, error=throttled_message(wait),
                                   issued=None), 429, {"Retry-After": str(wait)}
        try:
            issued = assisted_reset.issue(form.identifier.data, form.nik.data, form.name.data)
        except assisted_reset.AssistError as exc:
            hit(LOGIN_ACCOUNT, subject)  # guessing NIKs or names from the counter is stopped too
            error = str(exc)
    elif form.is_submitted():
        error = next((f.errors[0] for f in form if f.errors), None)
    response = make_response(render_template("identity/assist_reset.html", form=form, error=error, issued=issued))
    response.headers["Cache-Control"] = "no-store"  # the code is shown once
    response.status_code = 422 if error else 200
    return response


def redeem() -> str | tuple[str, int, dict]:
    """The citizen types the code from the counter (or SMS) with a new password."""
    require_tenant_host()
    form = RedeemResetCodeForm()
    if request.method == "GET" and request.args.get("nomor"):
        form.identifier.data = request.args["nomor"][:30]  # from the "code sent" page
    error = None
    if form.validate_on_submit():
        address, account = request.remote_addr or "unknown", f"code:{form.identifier.data.strip().lower()}"
        wait = max(retry_after(LOGIN_IP, address), retry_after(LOGIN_ACCOUNT, account))
        if wait:
            return render_template("identity/redeem_reset_code.html", form=form, error=throttled_message(wait),
                                   done=False), 429, {"Retry-After": str(wait)}
        try:
            assisted_reset.redeem(form.identifier.data, form.code.data, form.password.data)
        except (assisted_reset.AssistError, AccountError) as exc:
            if isinstance(exc, assisted_reset.AssistError):
                hit(LOGIN_IP, address)
                hit(LOGIN_ACCOUNT, account)
            error = str(exc)
        else:
            return render_template("identity/password_reset_done.html"), 200, {}
    elif form.is_submitted():
        error = next((f.errors[0] for f in form if f.errors), None) or _("Periksa isian di bawah.")
    return render_template("identity/redeem_reset_code.html", form=form, error=error), 422 if error else 200, {}


def by_phone() -> str | tuple[str, int, dict]:
    """Forgot password, phone-only account: a code by SMS/WhatsApp when the regency has a gateway,
    otherwise the way to the service counter. The answer is the same whether or not the number
    has an account."""
    require_tenant_host()
    channel = self_service_channel()
    form = PhoneResetForm()
    page = "identity/forgot_by_phone.html"
    if channel is not None and form.validate_on_submit():
        address = request.remote_addr or "unknown"
        wait = retry_after(RESET_REQUEST_IP, address)
        if wait:
            return render_template(page, form=form, channel=channel, sent=False,
                                   error=throttled_message(wait)), 429, {"Retry-After": str(wait)}
        hit(RESET_REQUEST_IP, address)
        assisted_reset.send_code_by_phone(form.phone.data)
        return render_template(page, form=form, channel=channel, sent=True, error=None), 200, {}
    error = next((f.errors[0] for f in form if f.errors), None) if form.is_submitted() else None
    return render_template(page, form=form, channel=channel, sent=False,
                           error=error), 422 if error else 200, {}
