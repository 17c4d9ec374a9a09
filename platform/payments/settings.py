"""The settings page every owner serves for its Stripe keys: the same form, checks and audit
entry; the owner gives its permission check, its template (wording) and its addresses."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.sessions import get_current_user
from kiblat.platform.payments import accounts
from kiblat.platform.payments.forms import StripeSettingsForm
from kiblat.platform.web.forms import error_messages
from kiblat.tenants.database import tenant_db


def settings_page(owner: str, form: StripeSettingsForm, *, template: str, audit_action: str,
                  done_endpoint: str, webhook_endpoint: str) -> Response | tuple[str, int]:
    """Show and save ``owner``'s keys (the caller checked the permission)."""
    row = accounts.account(owner)
    error = None
    if not form.is_submitted() and row is not None:
        form.aktif.data = row.enabled
    if form.is_submitted():
        if not form.validate():
            error = "; ".join(error_messages(form))
        else:
            try:
                saved = accounts.save(owner, form.kunci_rahasia.data or "", form.rahasia_webhook.data or "",
                                      bool(form.aktif.data), get_current_user().name)
            except accounts.PaymentSetupError as exc:
                tenant_db.session.rollback()
                error = str(exc)
            else:
                record(audit_action, "payment_account", saved.id, enabled=saved.enabled,
                       secret_key_changed=bool(form.kunci_rahasia.data),
                       webhook_secret_changed=bool(form.rahasia_webhook.data))
                tenant_db.session.commit()
                flash(_("Pengaturan pembayaran online disimpan."))
                return redirect(url_for(done_endpoint))
    return render_template(template, form=form, row=accounts.account(owner), error=error,
                           webhook_url=url_for(webhook_endpoint, _external=True)), (422 if error else 200)
