"""Village operators record a survey from a phone; they and Diskominfo see it afterwards."""

from __future__ import annotations

import secrets

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kiblat.modules.desa_terhubung.forms import ReviewForm, SurveyForm
from kiblat.modules.desa_terhubung.services import registry, settings, surveys
from kiblat.modules.desa_terhubung.services.errors import DesaError
from kiblat.modules.desa_terhubung.services.vocab import CARRIERS
from kiblat.modules.desa_terhubung.views.common import checked, render
from kiblat.platform.identity.sessions import get_current_user, has_permission, permission_required
from kiblat.platform.uploads import media_type_of, send_download
from kiblat.tenants.database import tenant_db

PHOTO_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png"}


def _input(form: SurveyForm) -> surveys.SurveyInput:
    signals = []
    for carrier in CARRIERS:
        technology, strength = form[f"tech_{carrier}"].data or "", form[f"strength_{carrier}"].data or ""
        if technology or strength:
            signals.append(surveys.Signal(carrier, technology, strength))
    return surveys.SurveyInput(
        desa_code=form.desa.data or "", signals=tuple(signals), observed_on=form.observed_on.data,
        fixed_internet=form.fixed_internet.data or "none", electricity=form.electricity.data or "pln",
        public_access=form.public_access.data or "", download_mbps=form.download.data, upload_mbps=form.upload.data,
        latitude=form.latitude.data, longitude=form.longitude.data, notes=form.notes.data or "",
    )


@permission_required("desa_terhubung.survey")
def record() -> Response | str:
    user = get_current_user()
    form = SurveyForm()
    if not form.is_submitted():
        form.token.data = secrets.token_urlsafe(24)
        form.desa.data = user.desa_code or ""
    elif checked(form):
        if user.desa_code and not has_permission("desa_terhubung.verify") and form.desa.data != user.desa_code:
            flash(_("Operator desa mencatat survei untuk desanya sendiri."), "error")
        else:
            photo = form.photo.data
            try:
                survey, new = surveys.submit(
                    _input(form), form.token.data or "", user_id=user.id,
                    photo=(photo.stream, photo.filename) if photo and getattr(photo, "filename", "") else None)
            except DesaError as exc:
                tenant_db.session.rollback()
                flash(str(exc), "error")
            else:
                if new:
                    flash(_("Survei tersimpan dan menunggu verifikasi Diskominfo."))
                else:
                    flash(_("Survei ini sudah tersimpan sebelumnya; tidak dicatat dua kali."))
                if survey.location_outside:
                    flash(_("Titik lokasi berada di luar kabupaten/kota; survei disimpan dan akan diperiksa."),
                          "error")
                return redirect(url_for("desa_terhubung.survey_detail", survey_id=survey.id))
    own_only = bool(user.desa_code) and not has_permission("desa_terhubung.verify")
    choices = [d for d in registry.all_desa() if not own_only or d.code == user.desa_code]
    return render("survey_form.html", form=form, choices=choices, carriers=CARRIERS,
                  photo_mb=settings.photo_max_bytes() // settings.MB,
                  mine=surveys.by_user(user.id, limit=10))


def _visible(survey_id: int) -> surveys.Survey:
    survey = surveys.get(survey_id)
    user = get_current_user()
    if survey is None or user is None:
        abort(404)
    if not (has_permission("desa_terhubung.verify") or survey.submitted_by_user_id == user.id):
        abort(404)
    return survey


@permission_required("desa_terhubung.survey")
def detail(survey_id: int) -> str:
    survey = _visible(survey_id)
    return render("survey_detail.html", survey=survey, desa=registry.one(survey.desa_code),
                  derived=registry.status_of(survey), can_verify=has_permission("desa_terhubung.verify"),
                  review_form=ReviewForm())


@permission_required("desa_terhubung.survey")
def photo(survey_id: int) -> Response:
    survey = _visible(survey_id)
    if not survey.photo_key:
        abort(404)
    data = surveys.photo_bytes(survey)
    media_type = media_type_of(data) or "application/octet-stream"
    return send_download(data, download_name=f"survei-{survey.id}{PHOTO_EXTENSIONS.get(media_type, '')}",
                         media_type=media_type, inline=True)
