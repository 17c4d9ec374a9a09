"""The owner's path, usable without JavaScript: register, follow, download the IUMK."""

from __future__ import annotations

import secrets

from flask import Response, abort, render_template, request

from kiblat.modules.jus_melon.forms import RegistrationForm
from kiblat.modules.jus_melon.models import ISSUED
from kiblat.modules.jus_melon.services import activities, bands, certificate, registry, settings
from kiblat.modules.jus_melon.services.register import RegisterError, photo_acceptable, register
from kiblat.platform.identity.sessions import get_current_user, has_permission, login_required
from kiblat.platform.regions.lookup import UnknownRegion, desa_of, kecamatan_of, region_name
from kiblat.platform.uploads import held, send_download
from kiblat.platform.web.forms import error_messages
from kiblat.tenants.context import current_tenant


@login_required
def apply() -> str | tuple[str, int]:
    user = get_current_user()
    owner = f"user:{user.id}"
    form = RegistrationForm(data={"nama_pemilik": user.name, "email": user.email or "",
                                  "kecamatan": request.args.get("kecamatan", "").strip()})
    kecamatan = form.kecamatan.data or ""
    try:
        desa = desa_of(kecamatan) if kecamatan else []
    except UnknownRegion:
        kecamatan, desa = "", []
    page = dict(form=form, kecamatan_list=kecamatan_of(current_tenant.region_code), kecamatan=kecamatan,
                desa_list=desa, activities=activities.active(), capital=bands.CAPITAL_BANDS,
                turnover=bands.TURNOVER_BANDS, photo_mb=settings.photo_max_bytes() // settings.MB,
                on_behalf=has_permission("citizen.assist"), errors=[])
    if not form.is_submitted():
        # The idempotency key is made once per form and kept across its steps and corrections.
        form.kunci.data = form.kunci.data or secrets.token_urlsafe(24)
        return render_template("jus_melon/apply.html", **page)
    chosen = form.photo(settings.photo_max_bytes())

    def again(errors: list[str], status: int) -> tuple[str, int]:
        # A photo that passed its check is kept while the other fields are corrected.
        keep = {"foto": chosen} if photo_acceptable(chosen) else {}
        form.berkas.data = held.hold(keep, form.berkas.data, owner)
        return render_template("jus_melon/apply.html", **{**page, "errors": errors,
                                                          "held": held.names(form.berkas.data, owner)}), status

    if form.only_choosing_area:
        form.kunci.data = form.kunci.data or secrets.token_urlsafe(24)
        return again([], 200)
    if not form.validate():
        return again(error_messages(form), 400)
    values = form.registration()
    # An operator filing for a citizen: the citizen owns it (no account), the operator is recorded as filer.
    filing_for_other = page["on_behalf"] and bool(form.atas_nama.data)
    if not filing_for_other:
        values["email"] = values["email"] or user.email or ""
    photo = chosen if chosen and chosen[1] else held.load(form.berkas.data, owner).get("foto")
    try:
        result = register(values, photo, form.kunci.data or "",
                          user=None if filing_for_other else user, filed_by=user if filing_for_other else None)
    except RegisterError as exc:
        return again(exc.errors, 400)
    held.release(form.berkas.data, owner)
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
    return send_download(certificate.iumk_pdf(business), download_name=f"{business.number.replace('/', '-')}.pdf",
                         media_type="application/pdf")


@login_required
def detail(business_id: int) -> str:
    business = registry.owned(get_current_user(), business_id) or abort(404)
    return render_template("jus_melon/detail.html", business=business, ISSUED=ISSUED, region_name=region_name)
