"""Thin handlers for the regency admin's pages; permission-checked, never by role name."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kiblat.platform.admin import services
from kiblat.platform.admin.forms import ActionForm, OpdForm, StaffUserForm
from kiblat.platform.identity import twofactor
from kiblat.platform.identity.sessions import get_current_user, has_permission, permission_required


def _int_or_none(raw: str | None) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        return None


@permission_required("account.use")
def index() -> str:
    if not (has_permission("users.manage") or has_permission("opd.manage")):
        abort(403)
    return render_template("admin/index.html")


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


def _staff_form() -> StaffUserForm:
    form = StaffUserForm()
    form.role.choices = [("", _("— pilih —"))] + sorted(_role_names().items())
    form.role.choices = [c for c in form.role.choices if c[0] != "citizen"]
    form.opd_id.choices = [("", "—")] + [(str(o.id), o.name) for o in services.list_opd() if o.active]
    form.desa_code.choices = [("", "—")]  # the template renders the regency's desa grouped by kecamatan
    return form


def user_new() -> str | Response | tuple[str, int]:
    form = _staff_form()
    error = None
    if form.validate_on_submit():
        try:
            user = services.create_staff_user(
                name=form.name.data, email=form.email.data, phone=form.phone.data, role=form.role.data,
                opd_id=_int_or_none(form.opd_id.data), desa_code=form.desa_code.data or None)
        except services.AdminError as exc:
            error = str(exc)
        else:
            flash(_("Akun %(name)s dibuat; undangan untuk mengatur kata sandi dikirim ke %(email)s.",
                    name=user.name, email=user.email))
            return redirect(url_for("admin.user_detail", user_id=user.id))
    elif form.is_submitted():
        error = next((f.errors[0] for f in form if f.errors), None)
    return render_template("admin/user_new.html", form=form, error=error,
                           desa_groups=services.desa_choices()), 422 if error else 200


def user_detail(user_id: int) -> str:
    user = services.get_user(user_id) or abort(404)
    return render_template("admin/user_detail.html", user=user, roles=_role_names(), action_form=ActionForm(),
                           two_factor_on=twofactor.is_enabled(user))


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
