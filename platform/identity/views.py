"""Thin handlers for signing in (password, then a two-factor code when enabled) and out."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kiblat.platform.identity import landing, recovery, throttle, twofactor
from kiblat.platform.identity.accounts import authenticate
from kiblat.platform.identity.forms import CodeForm, LoginForm, LogoutForm
from kiblat.platform.identity.phone import PhoneError, normalize_phone
from kiblat.platform.identity.sessions import (
    complete_second_factor,
    get_current_user,
    login_user,
    logout_user,
    pending_second_factor_user,
)
from kiblat.platform.web.hosts import require_tenant_host
from kiblat.platform.web.urls import safe_local_path
from kiblat.tenants.database import tenant_db


def _account_subject(identifier: str) -> str:
    """The same account however it is typed (case, phone formatting)."""
    identifier = (identifier or "").strip().lower()
    if "@" not in identifier:
        try:
            return normalize_phone(identifier)
        except PhoneError:
            pass
    return identifier


def throttled_message(seconds: int) -> str:
    return _("Terlalu banyak percobaan yang gagal. Demi keamanan akun, coba lagi dalam %(minutes)s menit.",
             minutes=throttle.minutes(seconds))


def _after_password(user_next: str) -> Response:
    pending = pending_second_factor_user()
    if pending is not None:
        return redirect(url_for("identity.second_step",
                                next=landing.after_sign_in(pending, request.args.get("next"), user_next)))
    user = get_current_user()
    user_next = landing.after_sign_in(user, request.args.get("next"), user_next)
    if user is not None and twofactor.requires_two_factor(user) and not twofactor.is_enabled(user):
        return redirect(url_for("identity.totp_setup", next=user_next))
    return redirect(user_next)


def login() -> str | Response | tuple[str, int, dict]:
    require_tenant_host()
    target = safe_local_path(request.args.get("next"))
    signed_in = get_current_user()
    if signed_in is not None:
        return redirect(landing.after_sign_in(signed_in, request.args.get("next"), target))
    if pending_second_factor_user() is not None:
        return redirect(url_for("identity.second_step", next=target))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        account, address = _account_subject(form.identifier.data), request.remote_addr or "unknown"
        wait = max(throttle.retry_after(throttle.LOGIN_ACCOUNT, account),
                   throttle.retry_after(throttle.LOGIN_IP, address))
        if wait:
            message = throttled_message(wait)
            return (render_template("identity/login.html", form=form, error=message), 429,
                    {"Retry-After": str(wait)})
        user = authenticate(form.identifier.data, form.password.data)
        if user is not None:
            throttle.reset(throttle.LOGIN_ACCOUNT, account)
            login_user(user)
            return _after_password(target)
        throttle.hit(throttle.LOGIN_ACCOUNT, account)
        throttle.hit(throttle.LOGIN_IP, address)
        error = _("Email/nomor telepon atau kata sandi salah.")
    status = 401 if error else 200
    return render_template("identity/login.html", form=form, error=error), status


def second_step() -> str | Response | tuple[str, int, dict]:
    """The code from the authenticator app, after the password was accepted."""
    require_tenant_host()
    target = safe_local_path(request.args.get("next"))
    user = pending_second_factor_user()
    if user is None:
        return redirect(target if get_current_user() is not None else url_for("identity.login", next=target))
    form = CodeForm()
    error = None
    if form.validate_on_submit():
        subject = f"user:{user.id}"
        wait = throttle.retry_after(throttle.TOTP_CODE, subject)
        if wait:
            return (render_template("identity/second_step.html", form=form, error=throttled_message(wait)), 429,
                    {"Retry-After": str(wait)})
        if twofactor.verify_code(user, form.code.data):
            tenant_db.session.commit()
            throttle.reset(throttle.TOTP_CODE, subject)
            complete_second_factor(user)
            return redirect(target)
        if recovery.looks_like_recovery_code(form.code.data) and recovery.use(user, form.code.data):
            left = recovery.remaining(user)
            tenant_db.session.commit()
            throttle.reset(throttle.TOTP_CODE, subject)
            complete_second_factor(user)
            flash(_("Anda masuk dengan kode pemulihan; kode itu tidak bisa dipakai lagi. Sisa kode: %(count)s.",
                    count=left))
            if left <= 3:
                flash(_("Kode pemulihan hampir habis. Buat kode baru di halaman Akun saya."))
            return redirect(target)
        throttle.hit(throttle.TOTP_CODE, subject)
        error = _("Kode salah atau sudah dipakai. Masukkan kode terbaru dari aplikasi autentikator, "
                  "atau salah satu kode pemulihan.")
    return render_template("identity/second_step.html", form=form, error=error), 401 if error else 200


def logout() -> Response:
    require_tenant_host()
    if LogoutForm().validate_on_submit():
        logout_user()
        flash(_("Anda sudah keluar."))
    return redirect(url_for("web.home"))
