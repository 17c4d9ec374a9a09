"""The registry desk (Dinas Pendidikan): schools, their TPPK, the Satgas roster."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kiblat.modules.mesra.forms import (
    ActionForm,
    ImportForm,
    MemberForm,
    SatgasForm,
    SchoolForm,
    TeamForm,
)
from kiblat.modules.mesra.services import reports
from kiblat.modules.mesra.services import schools as registry
from kiblat.modules.mesra.services.errors import MesraError
from kiblat.modules.mesra.views.common import checked, render
from kiblat.platform.identity.sessions import permission_required
from kiblat.platform.uploads import UploadError
from kiblat.platform.uploads.tables import check_table_upload
from kiblat.platform.web.forms import read_upload
from kiblat.tenants.database import tenant_db

IMPORT_MAX_BYTES = 2 * 1024 * 1024


def _listing(form: SchoolForm, import_report: list | None = None) -> str:
    today = reports.now().date()
    rows = [(s, registry.tppk_warnings(s, today)) for s in registry.all_schools()]
    return render("schools.html", rows=rows, form=form, import_form=ImportForm(), import_report=import_report,
                  kecamatan=registry.kecamatan_names())


@permission_required("mesra.manage")
def schools() -> str | Response:
    form = SchoolForm()
    if checked(form):
        try:
            school = registry.add_school(form.npsn.data, form.name.data, form.level.data, form.status.data,
                                        form.kecamatan.data, form.desa.data, form.latitude.data, form.longitude.data)
            tenant_db.session.commit()
            flash(_("Sekolah %(name)s ditambahkan.", name=school.name))
            return redirect(url_for("mesra.school", school_id=school.id))
        except MesraError as exc:
            tenant_db.session.rollback()
            flash(str(exc), "error")
    return _listing(form)


@permission_required("mesra.manage")
def schools_import() -> str:
    form = ImportForm()
    result = None
    if checked(form):
        chosen = read_upload(form.table.data, IMPORT_MAX_BYTES)
        if chosen is None:
            flash(_("Pilih berkas CSV atau XLSX."), "error")
        else:
            try:
                table = check_table_upload(chosen[1], chosen[0], max_bytes=IMPORT_MAX_BYTES)
                result = registry.import_rows(table.header, table.rows)
                tenant_db.session.commit()
                added = sum(1 for row in result if row.error is None)
                flash(_("%(added)s dari %(total)s baris ditambahkan.", added=added, total=len(result)))
            except (UploadError, MesraError) as exc:
                tenant_db.session.rollback()
                flash(str(exc), "error")
    return _listing(SchoolForm(formdata=None), result)


def _school(school_id: int):  # noqa: ANN202
    school = registry.get_school(school_id)
    if school is None:
        abort(404)
    return school


@permission_required("mesra.manage")
def school(school_id: int) -> str:
    found = _school(school_id)
    return render("school.html", school=found, warnings=registry.tppk_warnings(found, reports.now().date()),
                  team_form=TeamForm(formdata=None, obj=found.team), member_form=MemberForm(formdata=None),
                  action_form=ActionForm(), kecamatan=registry.kecamatan_names())


@permission_required("mesra.manage")
def school_team(school_id: int) -> Response:
    found, form = _school(school_id), TeamForm()
    if checked(form):
        try:
            registry.set_team(found, form.sk_number.data, form.sk_date.data, form.term_end.data)
            tenant_db.session.commit()
            flash(_("SK TPPK disimpan."))
        except MesraError as exc:
            tenant_db.session.rollback()
            flash(str(exc), "error")
    return redirect(url_for("mesra.school", school_id=school_id))


@permission_required("mesra.manage")
def member_add(school_id: int) -> Response:
    found, form = _school(school_id), MemberForm()
    if checked(form):
        try:
            registry.add_member(found, form.name.data, form.position.data, bool(form.coordinator.data), form.email.data)
            tenant_db.session.commit()
            flash(_("Anggota TPPK ditambahkan."))
        except MesraError as exc:
            tenant_db.session.rollback()
            flash(str(exc), "error")
    return redirect(url_for("mesra.school", school_id=school_id))


@permission_required("mesra.manage")
def member_remove(school_id: int, member_id: int) -> Response:
    found, form = _school(school_id), ActionForm()
    if checked(form):
        try:
            registry.remove_member(found, member_id)
            tenant_db.session.commit()
            flash(_("Anggota TPPK dihapus."))
        except MesraError as exc:
            tenant_db.session.rollback()
            flash(str(exc), "error")
    return redirect(url_for("mesra.school", school_id=school_id))


@permission_required("mesra.manage")
def satgas() -> str | Response:
    form = SatgasForm()
    if checked(form):
        try:
            registry.add_satgas(form.name.data, form.agency.data, form.email.data)
            tenant_db.session.commit()
            flash(_("Anggota Satgas ditambahkan."))
            return redirect(url_for("mesra.satgas"))
        except MesraError as exc:
            tenant_db.session.rollback()
            flash(str(exc), "error")
    return render("satgas.html", roster=registry.satgas_roster(), form=form, action_form=ActionForm())


@permission_required("mesra.manage")
def satgas_off(member_id: int) -> Response:
    if checked(ActionForm()):
        try:
            registry.set_satgas_active(member_id, False)
            tenant_db.session.commit()
            flash(_("Anggota Satgas dinonaktifkan."))
        except MesraError as exc:
            flash(str(exc), "error")
    return redirect(url_for("mesra.satgas"))
