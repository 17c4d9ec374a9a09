"""Thin handlers for the regency admin's pages; permission-checked, never by role name."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kiblat.platform.admin import imports, placement, services
from kiblat.platform.admin.forms import (
    ActionForm,
    OpdForm,
    StaffEditForm,
    StaffImportForm,
    StaffUserForm,
)
from kiblat.platform.identity import nik_corrections, twofactor
from kiblat.platform.identity.roles import all_permissions
from kiblat.platform.identity.sessions import get_current_user, has_permission, permission_required
from kiblat.platform.uploads import UploadError, read_upload
from kiblat.platform.uploads.downloads import send_download
from kiblat.platform.uploads.tables import check_table_upload
from kiblat.tenants.context import current_tenant


def _int_or_none(raw: str | None) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        return None


@permission_required("account.use")
def index() -> str:
    if not (has_permission("users.manage") or has_permission("opd.manage")):
        abort(403)
    pending = len(nik_corrections.open_requests()) if has_permission("users.manage") else 0
    return render_template("admin/index.html", nik_pending=pending)


def opd_list() -> str | tuple[str, int]:
    form = OpdForm()
    error = None
    if form.validate_on_submit():
        try:
            opd = services.create_opd(form.name.data, form.short_name.data)
        except services.AdminError as exc:
            error = str(exc)
        else:
            flash(_("OPD %(name)s ditambahkan.", name=opd.name))
            return redirect(url_for("admin.opd_list"))
    elif form.is_submitted():
        error = next((f.errors[0] for f in form if f.errors), None)
    return render_template("admin/opd_list.html", form=form, error=error, opds=services.list_opd(),
                           action_form=ActionForm()), 422 if error else 200


def opd_edit(opd_id: int) -> str | Response | tuple[str, int]:
    opd = services.get_opd(opd_id) or abort(404)
    form = OpdForm(obj=opd if request.method == "GET" else None)
    error = None
    if form.validate_on_submit():
        try:
            services.rename_opd(opd, form.name.data, form.short_name.data)
        except services.AdminError as exc:
            error = str(exc)
        else:
            flash(_("OPD tersimpan."))
            return redirect(url_for("admin.opd_list"))
    elif form.is_submitted():
        error = next((f.errors[0] for f in form if f.errors), None)
    return render_template("admin/opd_edit.html", form=form, opd=opd, error=error), 422 if error else 200


def opd_status(opd_id: int) -> Response:
    opd = services.get_opd(opd_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    active = request.form.get("active") == "1"
    services.set_opd_active(opd, active)
    flash(_("OPD %(name)s diaktifkan.", name=opd.name) if active else _("OPD %(name)s dinonaktifkan.", name=opd.name))
    return redirect(url_for("admin.opd_list"))


def _role_names() -> dict[str, str]:
    locale = str(get_locale() or "id")
    return {key: role.name.get(locale) for key, role in services.staff_roles().items()} | {
        "citizen": _("Warga")}


def user_list() -> str:
    args = request.args
    criteria = services.UserFilter(q=args.get("q", "")[:100], role=args.get("role", "")[:60],
                                   status=args.get("status", ""), opd_id=_int_or_none(args.get("opd")),
                                   page=_int_or_none(args.get("page")) or 1)
    users, total = services.list_users(criteria)
    return render_template("admin/user_list.html", users=users, total=total, criteria=criteria,
                           roles=_role_names(), opds=services.list_opd(), page_size=services.PAGE_SIZE)


def _fill_choices(form: StaffEditForm, include_citizen: bool = False) -> StaffEditForm:
    roles = sorted(_role_names().items(), key=lambda item: item[1])
    staff = [c for c in roles if c[0] != "citizen"]
    form.role.choices = [("", _("— pilih —"))] + (roles if include_citizen else staff)
    form.extra_roles.choices = staff
    form.opd_id.choices = [("", "—")] + [(str(o.id), o.name) for o in services.list_opd() if o.active]
    form.kecamatan_code.choices = [("", "—")] + placement.kecamatan_choices()
    form.desa_code.choices = [("", "—")]  # the template renders the regency's desa grouped by kecamatan
    return form


def _role_guide() -> list[dict]:
    """Each role an admin can give: its name, what it may do and where it must be placed."""
    locale = str(get_locale() or "id")
    permissions = all_permissions(current_tenant)
    return [{"name": role.name.get(locale), "placement": role.placement,
             "can": [permissions[p].description.get(locale) for p in role.permissions
                     if p in permissions and p != "account.use"]}
            for role in sorted(services.staff_roles().values(), key=lambda r: r.name.get(locale))]


def _form_page(template: str, form: StaffEditForm, error: str | None, **extra: object) -> tuple[str, int]:
    return render_template(template, form=form, error=error, desa_groups=services.desa_choices(),
                           needs=placement.roles_needing(), role_guide=_role_guide(), **extra), 422 if error else 200


def user_new() -> str | Response | tuple[str, int]:
    form = _fill_choices(StaffUserForm())
    error = None
    if form.validate_on_submit():
        try:
            user = services.create_staff_user(
                name=form.name.data, email=form.email.data, phone=form.phone.data, role=form.role.data,
                opd_id=_int_or_none(form.opd_id.data), desa_code=form.desa_code.data or None,
                kecamatan_code=form.kecamatan_code.data or None, extra_roles=tuple(form.extra_roles.data or ()))
        except services.AdminError as exc:
            error = str(exc)
        else:
            flash(_("Akun %(name)s dibuat; undangan untuk mengatur kata sandi dikirim ke %(email)s.",
                    name=user.name, email=user.email))
            return redirect(url_for("admin.user_detail", user_id=user.id))
    elif form.is_submitted():
        error = next((f.errors[0] for f in form if f.errors), None)
    return _form_page("admin/user_new.html", form, error)


def user_edit(user_id: int) -> str | Response | tuple[str, int]:
    user = services.get_user(user_id) or abort(404)
    if request.method == "GET":
        form = StaffEditForm(data={
            "name": user.name, "phone": user.phone or "", "role": user.role_key,
            "extra_roles": sorted(user.role_keys - {user.role_key}), "opd_id": str(user.opd_id or ""),
            "kecamatan_code": user.kecamatan_code or "", "desa_code": user.desa_code or ""})
    else:
        form = StaffEditForm()
    _fill_choices(form, include_citizen=True)
    error = None
    if form.validate_on_submit():
        try:
            services.update_staff_user(
                get_current_user(), user, name=form.name.data, phone=form.phone.data, role=form.role.data,
                extra_roles=tuple(form.extra_roles.data or ()), opd_id=_int_or_none(form.opd_id.data),
                kecamatan_code=form.kecamatan_code.data or None, desa_code=form.desa_code.data or None)
        except services.AdminError as exc:
            error = str(exc)
        else:
            flash(_("Perubahan akun %(name)s tersimpan.", name=user.name))
            return redirect(url_for("admin.user_detail", user_id=user.id))
    elif form.is_submitted():
        error = next((f.errors[0] for f in form if f.errors), None)
    return _form_page("admin/user_edit.html", form, error, user=user)


def user_invite(user_id: int) -> Response:
    user = services.get_user(user_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.resend_invitation(user)
    except services.AdminError as exc:
        flash(str(exc))
    else:
        flash(_("Undangan baru dikirim ke %(email)s; tautan lama tidak berlaku lagi.", email=user.email))
    return redirect(url_for("admin.user_detail", user_id=user.id))


def user_detail(user_id: int) -> str:
    user = services.get_user(user_id) or abort(404)
    return render_template("admin/user_detail.html", user=user, roles=_role_names(), action_form=ActionForm(),
                           two_factor_on=twofactor.is_enabled(user), place=services.place_names(user))


def user_status(user_id: int) -> Response | tuple[str, int]:
    user = services.get_user(user_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    active = request.form.get("active") == "1"
    try:
        services.set_user_active(get_current_user(), user, active)
    except services.AdminError as exc:
        flash(str(exc))
    else:
        flash(_("Akun diaktifkan.") if active else _("Akun dinonaktifkan dan dikeluarkan dari semua perangkat."))
    return redirect(url_for("admin.user_detail", user_id=user.id))


def user_reset_two_factor(user_id: int) -> Response:
    user = services.get_user(user_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.reset_two_factor(user)
    flash(_("Verifikasi dua langkah %(name)s diatur ulang. Ia akan diminta mendaftarkan aplikasi lagi saat masuk.",
            name=user.name))
    return redirect(url_for("admin.user_detail", user_id=user.id))


def user_import() -> str | Response | tuple[str, int]:
    form = StaffImportForm()
    error = report = None
    checked_csv = ""
    if form.validate_on_submit():
        upload = form.berkas.data
        data = read_upload(upload, imports.MAX_BYTES) if upload and upload.filename else (form.checked_csv.data or "").encode()
        try:
            table = check_table_upload(data, upload.filename if upload else None, kinds=frozenset({"csv"}),
                                       max_bytes=imports.MAX_BYTES, label=_("Berkas CSV"))
            if form.run.data:
                report = imports.import_rows(table.header, table.rows)
                if report.valid:
                    flash(_("%(n)s akun petugas dibuat; undangan dikirim ke email masing-masing.", n=len(report.rows)))
                    return redirect(url_for("admin.user_list"))
            else:
                report = imports.check_rows(table.header, table.rows)
            checked_csv = table.upload.data.decode("utf-8") if report.valid else ""
        except (UploadError, services.AdminError) as exc:
            error = str(exc)
    elif form.is_submitted():
        error = _("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi.")
    form.checked_csv.data = checked_csv
    status = 422 if error or (report is not None and not report.valid) else 200
    return render_template("admin/user_import.html", form=form, error=error, report=report,
                           columns=imports.COLUMNS, max_rows=imports.MAX_ROWS), status


def user_import_template() -> Response:
    return send_download(imports.template_csv(), download_name="templat-petugas.csv", media_type="text/csv")
