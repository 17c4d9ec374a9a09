"""Public pages: catalogue with fee simulation, tracking, verification."""

from __future__ import annotations

from flask import abort, render_template, request

from kiblat.modules.sri_deli.forms import TrackForm
from kiblat.modules.sri_deli.services import catalogue, certificate, fee_words, queries, staffing
from kiblat.platform import documents
from kiblat.platform.identity.sessions import has_permission


def index() -> str:
    # Citizens are offered only what officers can process; the catalogue's manager sees every
    # published type and is told which cannot be processed yet.
    can_manage = has_permission("sri_deli.manage")
    if can_manage:
        types = catalogue.active_types()
        understaffed = staffing.understaffed(types)
    else:
        types, understaffed = catalogue.offered_types(), []
    return render_template("sri_deli/index.html", types=types, understaffed=understaffed, can_manage=can_manage)


def permit(key: str) -> str:
    permit_type = catalogue.get_type(key) if has_permission("sri_deli.manage") else catalogue.offered_type(key)
    if permit_type is None:
        abort(404)
    fee, errors = (None, [])
    if request.args.get("hitung"):
        fee, errors = catalogue.simulate_fee(permit_type, request.args.to_dict())
    return render_template("sri_deli/permit.html", permit=permit_type, fee=fee, errors=errors,
                           fee_words=fee_words.formula_in_words(permit_type) + " (Rp)")


def track() -> tuple[str, int] | str:
    # Sent from the form, or opened as a link carrying the number and code.
    form = TrackForm() if request.method == "POST" else TrackForm(request.args)
    number, code = form.nomor.data or "", form.kode.data or ""
    view = moments = None
    if number or code:
        application = queries.track(number, code) if form.validate() else None
        if application is None:
            return render_template("sri_deli/track.html", form=form, not_found=True, view=None), 404
        view, moments = queries.tracking_view(application), queries.tracking_moments(application)
    return render_template("sri_deli/track.html", form=form, not_found=False, view=view, moments=moments)


def verify(token: str) -> tuple[str, int] | str:
    application = queries.by_verify_token(token)
    if application is None:
        return render_template("sri_deli/verify.html", application=None, state="unknown"), 404
    valid_until = documents.local_day(application.valid_until) if application.valid_until else None
    return render_template("sri_deli/verify.html", application=application,
                           state=queries.certificate_state(application), valid_until=valid_until,
                           signed=certificate.issued_record(application))
