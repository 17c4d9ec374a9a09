"""The regency's permit administration: holiday calendar and reports."""

from __future__ import annotations

from datetime import date

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from kiblat.modules.sri_deli.forms import HolidayForm
from kiblat.modules.sri_deli.services import holidays, reports
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.sessions import permission_required
from kiblat.platform.uploads import send_download
from kiblat.platform.web.forms import error_messages
from kiblat.tenants.database import tenant_db


@permission_required("sri_deli.manage")
def holiday_list() -> Response | str | tuple[str, int]:
    year = request.args.get("tahun", date.today().year, type=int) or date.today().year
    form = HolidayForm()
    error = None
    if form.is_submitted() and not form.validate():
        error = error_messages(form)[0]
    elif form.is_submitted():
        day = form.tanggal.data
        try:
            holiday = holidays.add_local(day, form.nama.data, form.jenis.data or "local")
            record("sri_deli.holiday_add", "sri_deli_holiday", holiday.id, day=day.isoformat(), name=holiday.name)
            tenant_db.session.commit()
            flash(_("Hari libur ditambahkan."))
            return redirect(url_for("sri_deli.holidays", tahun=day.year))
        except holidays.HolidayError as exc:
            tenant_db.session.rollback()
            error = str(exc)
    return render_template("sri_deli/holidays.html", year=year, items=holidays.calendar(year), form=form,
                           error=error), (400 if error else 200)


@permission_required("sri_deli.manage")
def report() -> str:
    data = reports.summary()
    return render_template("sri_deli/report.html", data=data, chart_uri=reports.svg_data_uri(data))


@permission_required("sri_deli.manage")
def report_csv() -> Response:
    return send_download(reports.csv_text().encode(), download_name="laporan-perizinan.csv",
                         media_type="text/csv; charset=utf-8")
