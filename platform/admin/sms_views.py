"""Thin handler for the regency's SMS/WhatsApp gateway settings (sms_gateway.py does the work)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kiblat.platform.admin.forms import SmsGatewayForm
from kiblat.platform.identity import sms_gateway
from kiblat.platform.identity.sms import channel_label


def settings() -> Response | tuple[str, int]:
    gateway = sms_gateway.get_gateway()
    form = SmsGatewayForm(obj=gateway if request.method == "GET" else None)
    form.secret.data = "" if request.method == "GET" else form.secret.data
    error = None
    if form.validate_on_submit():
        try:
            if form.action.data == "test":
                number = sms_gateway.send_test(form.test_phone.data or "")
                flash(_("Pesan uji diterima gateway untuk %(phone)s.", phone=number))
            else:
                sms_gateway.save(sms_gateway.GatewaySettings(url=form.url.data or "", secret=form.secret.data or "",
                                                             channel=form.channel.data or "",
                                                             enabled=bool(form.enabled.data)))
                flash(_("Pengaturan gateway SMS/WhatsApp disimpan."))
            return redirect(url_for("admin.sms_gateway"))
        except sms_gateway.GatewaySettingsError as exc:
            error = str(exc)
    elif request.method == "POST":
        error = next((f.errors[0] for f in form if f.errors), None) or _("Periksa kembali isian formulir.")
    return render_template("admin/sms_gateway.html", form=form, gateway=gateway, error=error,
                           channel=channel_label(gateway.channel) if gateway else None), 422 if error else 200
