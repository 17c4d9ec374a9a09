"""What everyone sees: how many desa are connected, the map, the target and its progress, the
counts per kecamatan, and for one kecamatan its desa, village operators and public access points."""

from __future__ import annotations

from flask import abort, request, url_for

from kiblat.modules.desa_terhubung.services import maps, operators, plans, registry
from kiblat.modules.desa_terhubung.views.common import render
from kiblat.platform.identity.sessions import has_permission
from kiblat.tenants.context import current_tenant


def index() -> str:
    rows = registry.all_desa()
    counts = registry.counts(rows)
    chosen_code = request.args.get("kecamatan", "")[:12]
    kecamatan = registry.per_kecamatan(rows)
    chosen = next((k for k in kecamatan if k.code == chosen_code), None)
    chosen_rows = [r for r in rows if chosen and r.kecamatan_code == chosen.code]
    chosen_codes = {r.code for r in chosen_rows}
    return render(
        "index.html", rows=rows, counts=counts, total=len(rows), per_kecamatan=kecamatan, chosen=chosen,
        chosen_rows=chosen_rows, desa_names={r.code: r.name for r in chosen_rows}, progress=plans.progress(counts),
        operators=[o for o in operators.roster() if o.desa_code in chosen_codes],
        can_manage=has_permission("desa_terhubung.verify"), can_survey=has_permission("desa_terhubung.survey"),
        map_svg=maps.connectivity_map(current_tenant.region_code, rows, lambda code: url_for("desa_terhubung.detail", code=code)),
    )


def detail(code: str) -> str:
    desa = registry.one(code[:13])
    if desa is None:
        abort(404)
    return render("detail.html", desa=desa, plans=plans.plans(desa.code), operators=operators.of_desa(desa.code))
