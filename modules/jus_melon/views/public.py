"""Public pages: the opt-in registry and certificate verification."""

from __future__ import annotations

from flask import render_template, request

from kiblat.modules.jus_melon.services import activities, registry
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
    return render_template("jus_melon/verify.html", business=business,
                           region_name=region_name), (404 if business is None else 200)
