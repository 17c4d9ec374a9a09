"""Identity routes on a regency's host: sign in/out and invitation links."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from kiblat.platform.identity import views
from kiblat.platform.identity.forms import SetPasswordForm
from kiblat.platform.identity.services import InvitationError, accept_invitation, find_invitation
from kiblat.tenants.context import get_current_tenant

bp = Blueprint("identity", __name__, template_folder="templates")
bp.add_url_rule("/masuk", "login", views.login, methods=["GET", "POST"])
bp.add_url_rule("/keluar", "logout", views.logout, methods=["POST"])


@bp.route("/undangan/<token>", methods=["GET", "POST"])
def set_password(token: str) -> tuple[str, int] | str:
    if get_current_tenant() is None:
        abort(404)
    try:
        invitation = find_invitation(token)
    except InvitationError as exc:
        return render_template("identity/invitation_invalid.html", message=str(exc)), 410
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = accept_invitation(token, form.password.data)
        except InvitationError as exc:
            return render_template("identity/invitation_invalid.html", message=str(exc)), 410
        return render_template("identity/password_set.html", user=user)
    return render_template("identity/set_password.html", form=form, invitation=invitation)
