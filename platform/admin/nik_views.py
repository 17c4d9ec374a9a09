"""The regency admin reviews citizens' NIK correction requests (old and new number, reason)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kiblat.platform.identity import nik_corrections
from kiblat.platform.identity.forms import NikDecisionForm
from kiblat.platform.identity.models import NikCorrection
from kiblat.platform.identity.sessions import get_current_user
from kiblat.tenants.database import tenant_db


def nik_list() -> str:
    return render_template("admin/nik_list.html", requests=nik_corrections.open_requests())


def nik_review(correction_id: int) -> str | Response | tuple[str, int]:
    correction = tenant_db.session.get(NikCorrection, correction_id) or abort(404)
    form = NikDecisionForm()
    error = None
    if correction.status == nik_corrections.PENDING and form.validate_on_submit():
        approve = request.form.get("decision") == "approve"
        try:
            nik_corrections.decide(correction, approve, form.note.data or "", get_current_user())
        except nik_corrections.CorrectionError as exc:
            error = str(exc)
        else:
            flash(_("NIK %(name)s dikoreksi.", name=correction.user.name) if approve
                  else _("Permintaan koreksi NIK %(name)s ditolak.", name=correction.user.name))
            return redirect(url_for("admin.nik_list"))
    old, new = nik_corrections.numbers_for_review(correction)
    return render_template("admin/nik_review.html", correction=correction, form=form, error=error,
                           old=old, new=new), 422 if error else 200
