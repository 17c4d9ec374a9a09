"""Thin handlers: start and finish single sign-on, and the admin settings page."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kiblat.platform.identity import twofactor
from kiblat.platform.identity.oidc import login as flow
from kiblat.platform.identity.oidc import settings
from kiblat.platform.identity.oidc.forms import SsoSettingsForm
from kiblat.platform.identity.roles import roles_for
from kiblat.platform.identity.sessions import (
    login_user,
    pending_second_factor_user,
    permission_required,
)
from kiblat.platform.web.urls import safe_local_path
from kiblat.tenants.context import current_tenant


def _error(exc: flow.SsoLoginError) -> tuple[str, int]:
    return render_template("oidc/error.html", message=str(exc)), exc.status


def start() -> Response | tuple[str, int]:
    try:
        return redirect(flow.start_login(safe_local_path(request.args.get("next"))))
    except flow.SsoLoginError as exc:
        return _error(exc)


def callback() -> Response | tuple[str, int]:
    try:
        result = flow.finish_login(request.args.get("state"))
    except flow.SsoLoginError as exc:
        return _error(exc)
    # The regency's own two-factor rule still applies after the provider's sign-in.
    login_user(result.user)
    target = safe_local_path(result.next_url)
    if pending_second_factor_user() is not None:
        return redirect(url_for("identity.second_step", next=target))
    if twofactor.requires_two_factor(result.user) and not twofactor.is_enabled(result.user):
        return redirect(url_for("identity.totp_setup", next=target))
    return redirect(target)


def _form() -> SsoSettingsForm:
    provider = settings.get_provider()
    form = SsoSettingsForm(obj=provider if request.method == "GET" else None)
    if request.method == "GET" and provider is not None:
        form.client_secret.data = ""
    locale = str(get_locale() or "id")
    form.default_role.choices = [(key, role.name.get(locale)) for key, role in sorted(roles_for(current_tenant).items())]
    return form


def _submitted(form: SsoSettingsForm) -> settings.SsoSettings:
    return settings.SsoSettings(
        issuer=form.issuer.data or "", client_id=form.client_id.data or "", client_secret=form.client_secret.data or "",
        display_name=form.display_name.data or "", scopes=form.scopes.data or "", email_claim=form.email_claim.data or "",
        name_claim=form.name_claim.data or "", phone_claim=form.phone_claim.data or "",
        default_role=form.default_role.data or "", enabled=bool(form.enabled.data),
    )


@permission_required("tenant.settings")
def admin() -> Response | tuple[str, int] | str:
    form = _form()
    error = discovery = None
    if form.validate_on_submit():
        try:
            if request.form.get("action") == "test":
                document = settings.fetch_discovery(form.issuer.data or "")
                discovery = document["issuer"]
            else:
                settings.save_settings(_submitted(form))
                flash(_("Pengaturan SSO disimpan."))
                return redirect(url_for("oidc.admin"))
        except settings.SsoSettingsError as exc:
            error = str(exc)
    elif request.method == "POST":
        error = _("Periksa kembali isian formulir.")
    provider = settings.get_provider()
    callback_url = url_for("oidc.callback", _external=True)
    status = 400 if error and request.method == "POST" else 200
    return render_template("oidc/admin.html", form=form, provider=provider, error=error, discovery=discovery,
                           callback_url=callback_url), status
