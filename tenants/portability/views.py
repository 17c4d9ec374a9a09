"""Thin handlers for the export page; the work is in ``exports.py`` and the job."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from kiblat.platform.identity.sessions import get_current_user, permission_required
from kiblat.platform.uploads import send_download
from kiblat.tenants.context import current_tenant
from kiblat.tenants.portability.exports import archive_path, list_exports, request_export


class ExportForm(FlaskForm):
    """Empty: requesting an export is a POST with a CSRF token."""


@permission_required("tenant.settings")
def index() -> str | Response:
    form = ExportForm()
    if form.validate_on_submit():
        user = get_current_user()
        if request_export(current_tenant.slug, user.email or user.phone or str(user.id)) is None:
            flash(_("Ekspor sebelumnya masih dibuat. Tunggu sampai selesai."))
        else:
            flash(_("Ekspor sedang dibuat. Muat ulang halaman ini untuk melihat kapan siap diunduh."))
        return redirect(url_for("portability.index"))
    return render_template("portability/ekspor.html", form=form, exports=list_exports(current_tenant.slug))


@permission_required("tenant.settings")
def download(export_id: str) -> Response:
    path = archive_path(current_tenant.slug, export_id)
    if path is None:
        abort(404)
    name = f"kiblat-{current_tenant.slug}-{export_id[:8]}.zip"
    return send_download(open(path, "rb"), media_type="application/zip", download_name=name)  # noqa: SIM115
