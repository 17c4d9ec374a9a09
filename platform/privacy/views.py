"""Thin handlers: the notice, accepting a new version, "Data saya", and the admin's pages."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from kiblat.platform.identity.privacy import notice
from kiblat.platform.identity.sessions import get_current_user, login_required, permission_required
from kiblat.platform.privacy import erasure, export, retention
from kiblat.platform.privacy.forms import AcceptForm, DecisionForm, ErasureForm, NoticeForm
from kiblat.platform.web.forms import error_messages
from kiblat.platform.web.hosts import require_tenant_host
from kiblat.platform.web.urls import safe_local_path
from kiblat.tenants.context import current_tenant, get_current_tenant


def layout_prompt() -> dict:
    """For the tenant layout: whether to ask the signed-in citizen to read a changed notice."""
    if get_current_tenant() is None or request.blueprint == "privacy":
        return {}
    user = get_current_user()
    return {"privacy_prompt": user is not None and notice.needs_consent(user)}


def notice_page() -> str:
    require_tenant_host()
    return render_template("privacy/notice.html", notice=notice.current_notice(), rules=retention.rules())


@login_required
def _accept() -> str | Response:
    user = get_current_user()
    form = AcceptForm()
    if form.validate_on_submit():
        notice.accept_current(user)
        flash(_("Terima kasih. Persetujuan Anda atas pemberitahuan privasi terbaru sudah dicatat."))
        return redirect(safe_local_path(request.args.get("next"), url_for("web.home")))
    return render_template("privacy/accept.html", form=form, notice=notice.current_notice(),
                           accepted=notice.accepted_version(user.id), rules=retention.rules())


def accept() -> str | Response:
    require_tenant_host()
    return _accept()


@login_required
def _my_data(form: ErasureForm | None = None, errors: list[str] | None = None) -> str | tuple[str, int]:
    user = get_current_user()
    rules = retention.rules()
    page = render_template(
        "privacy/my_data.html", form=form or ErasureForm(), errors=errors or [], user=user,
        erased=[r for r in rules if r.rule.erased_on_request], kept=[r for r in rules if not r.rule.erased_on_request],
        waiting=erasure.waiting_request(user.id), latest=erasure.latest_for(user.id),
        accepted=notice.accepted_version(user.id), notice=notice.current_notice())
    return (page, 422) if errors else page


def my_data() -> str | tuple[str, int]:
    require_tenant_host()
    return _my_data()


@login_required
def _download() -> Response:
    user = get_current_user()
    body = json.dumps(export.personal_data(user), ensure_ascii=False, indent=2, default=str)
    stamp = datetime.now(UTC).strftime("%Y%m%d")
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="data-saya-{current_tenant.slug}-{stamp}.json"',
        "Cache-Control": "no-store"})


def download() -> Response:
    require_tenant_host()
    return _download()


@login_required
def _request_erasure() -> str | Response | tuple[str, int]:
    user = get_current_user()
    form = ErasureForm()
    if not form.validate_on_submit():
        return _my_data(form, error_messages(form) or [_("Formulir kedaluwarsa; coba lagi.")])
    if not form.understood.data:
        return _my_data(form, [_("Centang pernyataan bahwa Anda mengerti akibat penghapusan.")])
    try:
        erasure.request_erasure(user, form.reason.data or "")
    except erasure.ErasureError as exc:
        return _my_data(form, [str(exc)])
    flash(_("Permintaan penghapusan data sudah kami terima. Admin %(name)s akan memeriksanya dan mengabari Anda.",
            name=current_tenant.short_name))
    return redirect(url_for("privacy.my_data"))


def request_erasure() -> str | Response | tuple[str, int]:
    require_tenant_host()
    return _request_erasure()


@permission_required("tenant.settings")
def _admin_notice() -> str | Response | tuple[str, int]:
    current = notice.current_notice()
    form = NoticeForm(data=None if request.method == "POST" else {
        "controller_name": current.controller_name, "controller_address": current.controller_address,
        "dpo_name": current.dpo_name, "dpo_email": current.dpo_email, "dpo_phone": current.dpo_phone})
    errors: dict[str, str] = {}
    if form.is_submitted() and not form.validate():
        errors = {name: field.errors[0] for name, field in form._fields.items() if field.errors}
    elif form.is_submitted():
        try:
            published = notice.publish(by=get_current_user(), **{
                key: getattr(form, key).data or "" for key in (
                    "controller_name", "controller_address", "dpo_name", "dpo_email", "dpo_phone", "changes")})
        except notice.NoticeError as exc:
            errors = exc.errors
        else:
            flash(_("Pemberitahuan privasi versi %(version)s diterbitkan. Warga akan diminta membacanya.",
                    version=published.version))
            return redirect(url_for("privacy.admin_notice"))
    page = render_template("privacy/admin_notice.html", form=form, errors=errors, notice=current)
    return (page, 422) if errors else page


def admin_notice() -> str | Response | tuple[str, int]:
    require_tenant_host()
    return _admin_notice()


@permission_required("users.manage")
def _admin_requests() -> str:
    return render_template("privacy/admin_requests.html", waiting=erasure.waiting(), decided=erasure.decided(),
                           form=DecisionForm(), now=datetime.now(UTC))


def admin_requests() -> str:
    require_tenant_host()
    return _admin_requests()


@permission_required("users.manage")
def _decide(request_id: int, decision: str) -> Response:
    if decision not in ("hapus", "tolak"):
        abort(404)
    form = DecisionForm()
    if not form.validate_on_submit():
        flash(error_messages(form)[0] if error_messages(form) else _("Formulir kedaluwarsa; coba lagi."))
        return redirect(url_for("privacy.admin_requests"))
    try:
        if decision == "hapus":
            erasure.carry_out(request_id, get_current_user(), form.note.data or "")
            flash(_("Data warga sudah dihapus atau disamarkan."))
        else:
            erasure.refuse(request_id, get_current_user(), form.note.data or "")
            flash(_("Permintaan ditolak; warga membaca alasan Anda di halaman Data saya."))
    except erasure.ErasureError as exc:
        flash(str(exc))
    return redirect(url_for("privacy.admin_requests"))


def decide(request_id: int, decision: str) -> Response:
    require_tenant_host()
    return _decide(request_id, decision)
