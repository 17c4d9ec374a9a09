"""Thin handlers: the citizen's list of services to rate, the survey form, the regency's IKM."""

from __future__ import annotations

from babel.numbers import format_decimal
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kiblat.platform.identity.sessions import get_current_user, login_required, permission_required
from kiblat.platform.survey import service
from kiblat.platform.survey.chart import bar_chart
from kiblat.platform.survey.elements import ELEMENTS
from kiblat.platform.survey.forms import survey_form
from kiblat.platform.survey.ikm import BANDS
from kiblat.platform.web.forms import error_messages
from kiblat.platform.web.hosts import require_tenant_host


def two_decimals(value: object) -> str:
    """An IKM figure as the regulation writes it, two decimals in the reader's style (``86,11``)."""
    return format_decimal(float(value), "#,##0.00", locale=get_locale() or "id")


@login_required
def _index() -> str:
    user = get_current_user()
    return render_template("survey/index.html", pending=service.pending(user.id),
                           answered=len(service.answered_refs(user.id)))


def index() -> str:
    require_tenant_host()
    return _index()


@login_required
def _rate(module_key: str, ref: str) -> str | Response | tuple[str, int]:
    user = get_current_user()
    item = service.find_pending(user.id, module_key, ref)
    if item is None:
        abort(404)
    form = survey_form()
    errors: list[str] = []
    if form.is_submitted() and not form.validate():
        errors = list(dict.fromkeys(error_messages(form)))
    elif form.is_submitted():
        scores = [int(getattr(form, f"u{n}").data) for n in range(1, len(ELEMENTS) + 1)]
        try:
            service.answer(user.id, module_key, ref, scores, form.suggestion.data or "")
        except service.SurveyError as exc:
            errors = [str(exc)]
        else:
            flash(_("Terima kasih! Penilaian Anda membantu memperbaiki layanan."))
            return redirect(url_for("survey.index"))
    fields = [(element, getattr(form, f"u{n}")) for n, element in enumerate(ELEMENTS, start=1)]
    return render_template("survey/rate.html", item=item, form=form, fields=fields, errors=errors,
                           locale_code=str(get_locale() or "id")), 422 if errors else 200


def rate(module_key: str, ref: str) -> str | Response | tuple[str, int]:
    require_tenant_host()
    return _rate(module_key, ref)


@permission_required("tenant.settings")
def _report() -> str:
    years = service.years()
    year = request.args.get("tahun", type=int)
    if year not in years:
        year = years[0]
    result = service.report(year)
    return render_template("survey/report.html", report=result, years=years, elements=ELEMENTS, bands=BANDS,
                           service_chart=bar_chart(result.by_service), unit_chart=bar_chart(result.by_unit),
                           quarter_chart=bar_chart(result.by_quarter))


def report() -> str:
    require_tenant_host()
    return _report()
