"""The regency's permit administration: the permit catalogue, holiday calendar and reports."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from kiblat.modules.sri_deli.forms import HolidayForm, PermitTypeForm, PublishForm
from kiblat.modules.sri_deli.services import editor, holidays, reports
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


@permission_required("sri_deli.manage")
def catalogue_list() -> str:
    types = editor.all_types()
    return render_template("sri_deli/catalogue.html", types=types, form=PublishForm(),
                           problems={t.id: editor.publish_problems(t) for t in types})


@permission_required("sri_deli.manage")
def catalogue_edit(key: str | None = None) -> Response | str | tuple[str, int]:
    existing = editor.find(key) if key else None
    if key and existing is None:
        abort(404)
    form = PermitTypeForm()
    if not form.is_submitted() and existing is not None:
        form.fill(editor.draft_of(existing))
    form.set_opds(editor.opd_choices())
    errors: list[str] = []
    fee = None
    if form.is_submitted():
        draft = form.draft(existing.key if existing else None)
        if not form.validate():
            errors = error_messages(form)
        elif form.aksi.data == "hitung":  # the calculator without JavaScript: nothing is saved
            fee, error = editor.try_formula(draft, form.samples())
            errors = [error] if error else []
        else:
            try:
                saved = editor.save(draft, existing)
                flash(_("Jenis izin disimpan. Terbitkan bila setiap tahap sudah memiliki petugas.")
                      if not saved.active else _("Jenis izin disimpan."))
                return redirect(url_for("sri_deli.catalogue"))
            except editor.EditorError as exc:
                tenant_db.session.rollback()
                errors = exc.errors
    form.pad()
    form.set_opds(editor.opd_choices())
    return render_template("sri_deli/catalogue_edit.html", form=form, existing=existing, errors=errors, fee=fee,
                           numeric=editor.numeric_keys(form.draft()), samples=form.samples()), (400 if errors else 200)


@permission_required("sri_deli.manage")
def catalogue_publish(key: str) -> Response:
    permit_type = editor.find(key)
    form = PublishForm()
    if permit_type is None or not form.validate_on_submit():
        abort(404 if permit_type is None else 400)
    try:
        if form.aksi.data == "tarik":
            editor.unpublish(permit_type)
            flash(_("%(name)s ditarik dari katalog warga.", name=permit_type.name))
        else:
            editor.publish(permit_type)
            flash(_("%(name)s diterbitkan.", name=permit_type.name))
    except editor.EditorError as exc:
        tenant_db.session.rollback()
        for message in exc.errors:
            flash(message, "error")
    return redirect(url_for("sri_deli.catalogue"))


@permission_required("sri_deli.manage")
def catalogue_calculate() -> Response:
    """The editor's live calculator: the fee of a formula for sample values (nothing saved)."""
    fields = [{"key": key, "label": key, "type": "number"} for key in request.args.getlist("isian")[:50]]
    draft = editor.Draft(key="", name="", fee_formula=request.args.get("rumus", "")[:300], fields=fields)
    fee, error = editor.try_formula(draft, request.args.to_dict())
    return jsonify({"fee": fee, "error": error})
