"""Identity routes on a regency's host: sign in/out, sign up, email links, own account."""

from __future__ import annotations

from flask import Blueprint, render_template

from kiblat.platform.identity import account_views, assist_views, views
from kiblat.platform.identity.forms import SetPasswordForm
from kiblat.platform.identity.services import InvitationError, accept_invitation, find_invitation
from kiblat.platform.identity.sessions import login_required, permission_required
from kiblat.platform.web.hosts import require_tenant_host

bp = Blueprint("identity", __name__, template_folder="templates")
bp.add_url_rule("/masuk", "login", views.login, methods=["GET", "POST"])
bp.add_url_rule("/masuk/kode", "second_step", views.second_step, methods=["GET", "POST"])
bp.add_url_rule("/keluar", "logout", views.logout, methods=["POST"])
bp.add_url_rule("/daftar", "register", account_views.register, methods=["GET", "POST"])
bp.add_url_rule("/verifikasi/<token>", "verify_email", account_views.verify)
bp.add_url_rule("/lupa-sandi", "forgot_password", account_views.forgot_password, methods=["GET", "POST"])
bp.add_url_rule("/atur-ulang/<token>", "reset_password", account_views.reset_password, methods=["GET", "POST"])
bp.add_url_rule("/lupa-sandi/telepon", "forgot_by_phone", assist_views.by_phone, methods=["GET", "POST"])
bp.add_url_rule("/lupa-sandi/kode", "redeem_reset_code", assist_views.redeem, methods=["GET", "POST"])
bp.add_url_rule("/layanan/atur-ulang-sandi", "assist_reset",
                permission_required("account.assist_reset")(assist_views.counter), methods=["GET", "POST"])
bp.add_url_rule("/akun", "profile", login_required(account_views.profile_page), methods=["GET", "POST"])
bp.add_url_rule("/akun/sandi", "change_password", login_required(account_views.change_password),
                methods=["POST"])
bp.add_url_rule("/akun/verifikasi-ulang", "resend_verification",
                login_required(account_views.resend_verification), methods=["POST"])
bp.add_url_rule("/akun/dua-langkah", "totp_setup", login_required(account_views.totp_setup),
                methods=["GET", "POST"])
bp.add_url_rule("/akun/nik", "nik_correction", login_required(account_views.nik_correction), methods=["GET", "POST"])
bp.add_url_rule("/akun/dua-langkah/kode-pemulihan", "new_recovery_codes",
                login_required(account_views.new_recovery_codes), methods=["POST"])
bp.add_url_rule("/akun/dua-langkah/matikan", "totp_disable", login_required(account_views.totp_disable),
                methods=["GET", "POST"])


@bp.route("/undangan/<token>", methods=["GET", "POST"])
def set_password(token: str) -> tuple[str, int] | tuple[str, int, dict] | str:
    require_tenant_host()
    blocked = account_views.link_guessing_blocked()
    if blocked:
        return blocked
    try:
        invitation = find_invitation(token)
    except InvitationError as exc:
        account_views.note_bad_link()
        return render_template("identity/invitation_invalid.html", message=str(exc)), 410
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = accept_invitation(token, form.password.data)
        except InvitationError as exc:
            return render_template("identity/invitation_invalid.html", message=str(exc)), 410
        return render_template("identity/password_set.html", user=user)
    return render_template("identity/set_password.html", form=form, invitation=invitation)
