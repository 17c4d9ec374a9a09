"""Public pages: the opt-in registry, certificate verification and tracking by code."""

from __future__ import annotations

from flask import render_template, request

from kiblat.modules.jus_melon.forms import TrackForm
from kiblat.modules.jus_melon.services import activities, certificate, registry
from kiblat.platform.regions.lookup import region_name


def index() -> str:
    activity_id = request.args.get("kegiatan", type=int)
    desa = (request.args.get("desa") or "").strip()[:13]
    text = request.args.get("q", "")
    return render_template("jus_melon/index.html", items=registry.search(text, activity_id, desa),
                           activities=activities.active(), q=text, activity_id=activity_id, desa=desa,
                           region_name=region_name)


def verify(token: str) -> tuple[str, int] | str:
    business = registry.by_verify_token(token)
    return render_template("jus_melon/verify.html", business=business, region_name=region_name,
                           signed=certificate.issued_record(business) if business else None), (404 if business is None else 200)


def track() -> tuple[str, int] | str:
    """Anyone holding the receipt's number and code sees where the registration stands."""
    form = TrackForm() if request.method == "POST" else TrackForm(request.args)
    business = None
    if form.nomor.data or form.kode.data:
        business = registry.track(form.nomor.data or "", form.kode.data or "") if form.validate() else None
        if business is None:
            return render_template("jus_melon/track.html", form=form, not_found=True, business=None), 404
    return render_template("jus_melon/track.html", form=form, not_found=False, business=business)
