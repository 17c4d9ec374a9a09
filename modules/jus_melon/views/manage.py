"""The kecamatan officer's check, and the admin's list of activities."""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, url_for

from kiblat.modules.jus_melon.forms import ActivityForm, ActivitySwitchForm, CheckForm
from kiblat.modules.jus_melon.services import activities
from kiblat.modules.jus_melon.services import check as checks
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.sessions import (
    current_permissions,
    get_current_user,
    permission_required,
)
from kiblat.platform.regions.lookup import region_name
from kiblat.platform.storage.files import tenant_storage
from kiblat.platform.uploads import media_type_of, send_download
from kiblat.platform.web.forms import error_messages
from kiblat.tenants.database import tenant_db

EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png"}


@permission_required("jus_melon.check")
def queue() -> str:
    user = get_current_user()
    return render_template("jus_melon/queue.html", items=checks.queue(user, current_permissions()),
                           kecamatan=checks.officer_kecamatan(user), region_name=region_name)


@permission_required("jus_melon.check")
def check(business_id: int) -> Response | str | tuple[str, int]:
    user = get_current_user()
    business = checks.get_for_officer(business_id, user)
    if business is None:
        abort(404)
    form = CheckForm()
    error = None
    if form.is_submitted() and not form.validate():
        error = error_messages(form)[0]
    elif form.is_submitted():
        try:
            checks.decide(business, user, current_permissions(), form.issue, form.catatan.data or "")
            return redirect(url_for("jus_melon.check", business_id=business.id))
        except checks.CheckError as exc:
            tenant_db.session.rollback()
            error = str(exc)
    return render_template("jus_melon/check.html", business=business, error=error, form=form,
                           region_name=region_name), (400 if error else 200)


@permission_required("jus_melon.check")
def photo(business_id: int) -> Response:
    business = checks.get_for_officer(business_id, get_current_user())
    if business is None or not business.photo_key:
        abort(404)
    with tenant_storage().open(business.photo_key) as handle:
        data = handle.read()
    media_type = media_type_of(data) or "application/octet-stream"  # photos from before the check: not shown
    name = f"foto-{business.number.replace('/', '-')}{EXTENSIONS.get(media_type, '')}"
    return send_download(data, download_name=name, media_type=media_type, inline=True)


@permission_required("jus_melon.manage")
def activities_page() -> Response | str | tuple[str, int]:
    switch, form = ActivitySwitchForm(), ActivityForm()
    sent = switch if switch.chosen else form
    error = None
    if sent.is_submitted() and not sent.validate():
        error = error_messages(sent)[0]
    elif sent.is_submitted():
        try:
            if sent is switch:
                item = activities.set_active(switch.ubah.data, switch.aktif.data)
            else:
                item = activities.add(form.kode.data or "", form.nama.data or "")
            record("jus_melon.activity", "jus_melon_activity", item.id, code=item.code, active=item.active)
            tenant_db.session.commit()
            return redirect(url_for("jus_melon.activities"))
        except activities.ActivityError as exc:
            tenant_db.session.rollback()
            error = str(exc)
    return render_template("jus_melon/activities.html", items=activities.every(), form=form,
                           error=error), (400 if error else 200)
