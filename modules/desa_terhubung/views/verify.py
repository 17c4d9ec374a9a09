"""Diskominfo verifies surveys or asks for them to be checked again."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kiblat.modules.desa_terhubung.forms import ReviewForm
from kiblat.modules.desa_terhubung.services import registry, surveys
from kiblat.modules.desa_terhubung.services.errors import DesaError
from kiblat.modules.desa_terhubung.views.common import checked, render
from kiblat.platform.identity.sessions import get_current_user, permission_required
from kiblat.tenants.database import tenant_db


@permission_required("desa_terhubung.verify")
def queue() -> str:
    names = {d.code: f"{d.name}, {d.kecamatan_name}" for d in registry.all_desa()}
    return render("verify.html", waiting=surveys.waiting(), form=ReviewForm(), names=names,
                  status_of=registry.status_of)


def _review(survey_id: int, verdict: str) -> Response:
    form = ReviewForm()
    if checked(form):
        try:
            if verdict == "verified":
                surveys.verify(survey_id, get_current_user().id, form.note.data or "")
                flash(_("Survei diverifikasi; status desa diperbarui."))
            else:
                surveys.question(survey_id, get_current_user().id, form.note.data or "")
                flash(_("Survei dikembalikan untuk diperiksa lagi."))
        except DesaError as exc:
            tenant_db.session.rollback()
            flash(str(exc), "error")
            return redirect(url_for("desa_terhubung.survey_detail", survey_id=survey_id))
    return redirect(url_for("desa_terhubung.verify_queue"))


@permission_required("desa_terhubung.verify")
def verify(survey_id: int) -> Response:
    return _review(survey_id, "verified")


@permission_required("desa_terhubung.verify")
def question(survey_id: int) -> Response:
    return _review(survey_id, "questioned")
