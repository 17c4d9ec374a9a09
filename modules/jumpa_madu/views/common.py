"""Helpers shared by the module's views."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from kiblat.modules.jumpa_madu.models import Nasabah
from kiblat.modules.jumpa_madu.services import nasabah as nasabah_service
from kiblat.modules.jumpa_madu.services.chart import month_abbreviations
from kiblat.modules.jumpa_madu.services.errors import JumpaMaduError
from kiblat.modules.jumpa_madu.services.pickups import STATUS_LABELS
from kiblat.platform.identity.sessions import get_current_user
from kiblat.platform.web.formatting import N_, kilograms
from kiblat.platform.web.forms import error_messages
from kiblat.platform.web.urls import safe_local_path

WITHDRAWAL_LABELS = {"requested": N_("Diajukan"), "approved": N_("Disetujui"), "paid": N_("Dibayar"),
                     "rejected": N_("Ditolak")}
ENTRY_LABELS = {"deposit": N_("Setoran sampah"), "withdrawal": N_("Penarikan"),
                "withdrawal_release": N_("Penarikan dibatalkan"), "correction": N_("Koreksi")}


def render(template: str, **context) -> str:  # noqa: ANN003
    return render_template(
        f"jumpa_madu/{template}", kg=kilograms, status_labels=STATUS_LABELS, months=month_abbreviations(),
        withdrawal_labels=WITHDRAWAL_LABELS, entry_labels=ENTRY_LABELS, **context,
    )


def user_id() -> int:
    user = get_current_user()
    if user is None:
        abort(403)
    return user.id


def own_nasabah() -> Nasabah | None:
    user = get_current_user()
    return nasabah_service.of_user(user.id) if user else None


def refused(exc: JumpaMaduError) -> None:
    flash(str(exc), "error")


def checked(form: FlaskForm) -> bool:
    """Whether ``form`` was sent and is valid; its first problem is shown otherwise."""
    if not form.is_submitted():
        return False
    if form.validate():
        return True
    flash(error_messages(form)[0], "error")
    return False


def back_to(target: str | None) -> Response:
    """To the page the form came from when it is one of ours, else the waste bank's desk."""
    return redirect(safe_local_path(target, url_for("jumpa_madu.manage")))
