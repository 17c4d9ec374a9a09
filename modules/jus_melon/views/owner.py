"""The owner's path, usable without JavaScript: register, follow, download the IUMK."""

from __future__ import annotations

import secrets

from flask import Response, abort, render_template, request

from kiblat.modules.jus_melon.models import ISSUED
from kiblat.modules.jus_melon.services import activities, bands, certificate, registry
from kiblat.modules.jus_melon.services.register import RegisterError, register
from kiblat.platform.identity.sessions import get_current_user, login_required
from kiblat.platform.regions.lookup import UnknownRegion, desa_of, kecamatan_of
from kiblat.tenants.context import current_tenant


@login_required
def apply() -> str | tuple[str, int]:
    user = get_current_user()
    kecamatan = (request.values.get("kecamatan") or "").strip()
    try:
        desa = desa_of(kecamatan) if kecamatan else []
    except UnknownRegion:
        kecamatan, desa = "", []
    context = dict(kecamatan_list=kecamatan_of(current_tenant.region_code), kecamatan=kecamatan, desa_list=desa,
                   activities=activities.active(), capital=bands.CAPITAL_BANDS, turnover=bands.TURNOVER_BANDS,
                   form=request.form, user=user, errors=[])
    if request.method == "GET" or request.form.get("langkah") == "wilayah":
        return render_template("jus_melon/apply.html", key=request.form.get("kunci") or secrets.token_urlsafe(24),
                               **context)
    upload = request.files.get("foto")
    photo = (upload.filename, upload.read(6 * 1024 * 1024)) if upload is not None and upload.filename else None
    form = request.form.to_dict()
    form.setdefault("email", user.email or "")
    try:
        result = register(form, photo, request.form.get("kunci", ""), user=user)
    except RegisterError as exc:
        return render_template("jus_melon/apply.html", key=request.form.get("kunci", ""),
                               **{**context, "errors": exc.errors}), 400
    return render_template("jus_melon/receipt.html", business=result.business, code=result.tracking_code,
                           replayed=result.replayed)


@login_required
def mine() -> str:
    return render_template("jus_melon/mine.html", items=registry.mine(get_current_user()), ISSUED=ISSUED)


@login_required
def pdf(business_id: int) -> Response:
    business = next((b for b in registry.mine(get_current_user()) if b.id == business_id), None)
    if business is None or business.status != ISSUED:
        abort(404)
    return Response(certificate.iumk_pdf(business), mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{business.number.replace("/", "-")}.pdf"'})
