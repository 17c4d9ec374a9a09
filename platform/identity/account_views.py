"""Thin handlers for a person's own account: sign up, email links, profile, two-factor."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kiblat.platform.identity import nik_corrections, profile, recovery, twofactor
from kiblat.platform.identity.accounts import AccountError
from kiblat.platform.identity.forms import (
    ChangePasswordForm,
    CodeForm,
    DisableTwoFactorForm,
    EmailForm,
    NikCorrectionForm,
    PostForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
)
from kiblat.platform.identity.passwords import verify_password
from kiblat.platform.identity.privacy import notice as privacy_notice
from kiblat.platform.identity.registration import RegistrationError, register_citizen
from kiblat.platform.identity.sessions import complete_second_factor, get_current_user, login_user
from kiblat.platform.identity.throttle import LINK_IP, RESET_REQUEST_IP, TOTP_CODE, hit, retry_after
from kiblat.platform.identity.throttle import reset as reset_throttle
from kiblat.platform.identity.tokens import RESET_PASSWORD, TokenError, find_token
from kiblat.platform.identity.views import throttled_message
from kiblat.platform.web.hosts import require_tenant_host
from kiblat.platform.web.urls import safe_local_path
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


def _address() -> str:
    return request.remote_addr or "unknown"


def link_guessing_blocked() -> tuple[str, int, dict] | None:
    """A 429 page while this address opened too many unknown, used or expired links."""
    wait = retry_after(LINK_IP, _address())
    if not wait:
        return None
    return (render_template("identity/link_invalid.html", message=throttled_message(wait)), 429,
            {"Retry-After": str(wait)})


def note_bad_link() -> None:
    hit(LINK_IP, _address())


def register() -> str | Response | tuple[str, int]:
    require_tenant_host()
    if get_current_user() is not None:
        return redirect(url_for("identity.profile"))
    form = RegisterForm()
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        try:
            done = register_citizen(name=form.name.data, email=form.email.data, phone=form.phone.data,
                                    password=form.password.data, confirm=form.confirm.data, nik=form.nik.data,
                                    consent_version=privacy_notice.current_version() if form.consent.data else None,
                                    consent_asked=True)
        except RegistrationError as exc:
            errors = exc.errors
        else:
            login_user(done.user)
            flash(_("Selamat datang! Akun Anda sudah dibuat."))
            for warning in done.warnings:
                flash(warning)
            if done.verification_sent:
                flash(_("Kami mengirim tautan verifikasi ke %(email)s. Buka tautan itu untuk memastikan email Anda.",
                        email=done.user.email))
            return redirect(url_for("identity.profile"))
    elif form.is_submitted():
        errors = {name: field.errors[0] for name, field in form._fields.items() if field.errors}
    status = 422 if errors else 200
    return render_template("identity/register.html", form=form, errors=errors,
                           notice=privacy_notice.current_notice()), status


def verify(token: str) -> str | tuple[str, int] | tuple[str, int, dict]:
    require_tenant_host()
    blocked = link_guessing_blocked()
    if blocked:
        return blocked
    try:
        user = profile.verify_email(token)
    except TokenError as exc:
        note_bad_link()
        return render_template("identity/link_invalid.html", message=str(exc)), 410
    return render_template("identity/email_verified.html", user=user)


def resend_verification() -> Response | tuple[str, int, dict]:
    """Rate-limited; when over the limit the account page says when to try again (HTTP 429)."""
    user = get_current_user()
    if PostForm().validate_on_submit():
        try:
            profile.resend_verification(user)
        except profile.ThrottledError as exc:
            flash(_("Tautan verifikasi sudah beberapa kali dikirim. Coba lagi dalam %(minutes)s menit.",
                    minutes=max(1, -(-exc.seconds // 60))))
            page, _status = profile_page()
            return page, 429, {"Retry-After": str(exc.seconds)}
        flash(_("Tautan verifikasi baru sudah dikirim ke %(email)s.", email=user.email))
    return redirect(url_for("identity.profile"))


def forgot_password() -> str | tuple[str, int, dict]:
    require_tenant_host()
    form = EmailForm()
    sent = False
    if form.validate_on_submit():
        wait = retry_after(RESET_REQUEST_IP, _address())
        if wait:
            flash(throttled_message(wait))
            return render_template("identity/forgot_password.html", form=form, sent=False), 429, {
                "Retry-After": str(wait)}
        hit(RESET_REQUEST_IP, _address())
        profile.request_password_reset(form.email.data)
        sent = True
    return render_template("identity/forgot_password.html", form=form, sent=sent), 200, {}


def reset_password(token: str) -> str | tuple[str, int] | tuple[str, int, dict]:
    require_tenant_host()
    blocked = link_guessing_blocked()
    if blocked:
        return blocked
    try:
        find_token(token, RESET_PASSWORD)
    except TokenError as exc:
        note_bad_link()
        return render_template("identity/link_invalid.html", message=str(exc)), 410
    form = ResetPasswordForm()
    error = None
    if form.validate_on_submit():
        try:
            profile.reset_password(token, form.password.data)
        except TokenError as exc:
            return render_template("identity/link_invalid.html", message=str(exc)), 410
        except AccountError as exc:
            error = str(exc)
        else:
            return render_template("identity/password_reset_done.html")
    return render_template("identity/reset_password.html", form=form, error=error), 422 if error else 200


def profile_page() -> str | Response | tuple[str, int]:
    user = get_current_user()
    form = ProfileForm(obj=None if request.method == "POST" else user)
    error = None
    if form.validate_on_submit():
        try:
            profile.update_contact(user, name=form.name.data, phone=form.phone.data)
        except AccountError as exc:
            error = str(exc)
        else:
            flash(_("Data akun tersimpan."))
            return redirect(url_for("identity.profile"))
    if request.method == "GET" and user.phone:
        form.phone.data = user.phone
    return render_template(
        "identity/profile.html", user=user, form=form, error=error, password_form=ChangePasswordForm(),
        post_form=PostForm(), two_factor_on=twofactor.is_enabled(user),
        recovery_left=recovery.remaining(user) if twofactor.is_enabled(user) else 0,
        nik_correction=nik_corrections.latest_of(user),
        recovery_form=DisableTwoFactorForm(prefix="recovery"),
        two_factor_required=twofactor.requires_two_factor(user),
    ), 422 if error else 200


def change_password() -> str | Response | tuple[str, int]:
    user = get_current_user()
    form = ChangePasswordForm()
    error = None
    if form.validate_on_submit():
        try:
            profile.change_password(user, form.current.data, form.password.data)
        except AccountError as exc:
            error = str(exc)
        else:
            # Other devices are signed out by the new session version; this one stays signed in.
            login_user(user, second_factor_done=True)
            flash(_("Kata sandi diganti. Perangkat lain sudah dikeluarkan dari akun ini."))
            return redirect(url_for("identity.profile"))
    else:
        error = next((f.errors[0] for f in form if f.errors), None)
    return render_template("identity/change_password.html", password_form=form, error=error), 422


def totp_setup() -> str | Response | tuple[str, int, dict]:
    user = get_current_user()
    target = safe_local_path(request.args.get("next") or url_for("identity.profile"))
    if twofactor.is_enabled(user):
        return redirect(url_for("identity.profile"))
    secret = twofactor.pending_secret(user)
    tenant_db.session.commit()
    form = CodeForm()
    error = None
    if form.validate_on_submit():
        subject = f"user:{user.id}"
        wait = retry_after(TOTP_CODE, subject)
        if wait:
            return (_setup_page(user, secret, form, throttled_message(wait)), 429, {"Retry-After": str(wait)})
        if twofactor.confirm_enrolment(user, form.code.data):
            tenant_db.session.commit()
            reset_throttle(TOTP_CODE, subject)
            complete_second_factor(user)
            codes = recovery.issue(user)
            tenant_db.session.commit()
            flash(_("Verifikasi dua langkah aktif. Setiap kali masuk, Anda akan diminta kode dari aplikasi."))
            return recovery_codes_page(codes, target)
        hit(TOTP_CODE, subject)
        error = _("Kode salah. Pastikan jam di ponsel tepat, lalu masukkan kode terbaru.")
    return _setup_page(user, secret, form, error), 422 if error else 200, {}


def _setup_page(user, secret: str, form: CodeForm, error: str | None) -> str:  # noqa: ANN001
    uri = twofactor.provisioning_uri(user, secret)
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    return render_template("identity/totp_setup.html", form=form, error=error, qr=twofactor.qr_data_uri(uri),
                           secret=grouped, required=twofactor.requires_two_factor(user))


def totp_disable() -> str | Response | tuple[str, int]:
    user = get_current_user()
    if twofactor.requires_two_factor(user):
        abort(403)
    form = DisableTwoFactorForm()
    error = None
    if form.validate_on_submit():
        if verify_password(user.password_hash, form.current.data):
            twofactor.disable(user)
            tenant_db.session.commit()
            flash(_("Verifikasi dua langkah dimatikan."))
            return redirect(url_for("identity.profile"))
        error = _("Kata sandi saat ini salah.")
    return render_template("identity/totp_disable.html", form=form, error=error), 422 if error else 200


def recovery_codes_page(codes: list[str], target: str) -> Response:
    """The codes, shown this once: never cached, never kept in the session."""
    response = make_response(render_template("identity/recovery_codes.html", codes=codes, target=target))
    response.headers["Cache-Control"] = "no-store"
    return response


def new_recovery_codes() -> str | Response | tuple[str, int]:
    """A new set from the account page (after the password), e.g. when the sheet went missing."""
    user = get_current_user()
    if not twofactor.is_enabled(user):
        return redirect(url_for("identity.profile"))
    form = DisableTwoFactorForm(prefix="recovery")
    if form.validate_on_submit() and verify_password(user.password_hash, form.current.data):
        codes = recovery.issue(user)
        tenant_db.session.commit()
        flash(_("Kode pemulihan baru dibuat. Kode yang lama tidak berlaku lagi."))
        return recovery_codes_page(codes, url_for("identity.profile"))
    flash(_("Kata sandi saat ini salah. Kode pemulihan tidak diganti."))
    return redirect(url_for("identity.profile"))


def nik_correction() -> str | Response | tuple[str, int]:
    """Ask the regency admin to correct the NIK on this account (a typing error at sign-up)."""
    user = get_current_user()
    form = NikCorrectionForm()
    error = None
    if form.validate_on_submit():
        try:
            _correction, warnings = nik_corrections.request_correction(user, form.nik.data, form.reason.data)
        except nik_corrections.CorrectionError as exc:
            error = str(exc)
        else:
            flash(_("Permintaan koreksi NIK terkirim. Admin %(regency)s akan memeriksanya; hasilnya tampil di "
                    "halaman ini.", regency=current_tenant.short_name))
            for warning in warnings:
                flash(warning)
            return redirect(url_for("identity.profile"))
    elif form.is_submitted():
        error = next((f.errors[0] for f in form if f.errors), None)
    return render_template("identity/nik_correction.html", form=form, error=error, user=user,
                           pending=nik_corrections.pending_of(user)), 422 if error else 200
