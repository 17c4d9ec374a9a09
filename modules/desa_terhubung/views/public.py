"""What everyone sees: how many desa are connected, the map, the target and its progress, the
counts per kecamatan, and for one kecamatan its desa, village operators and public access points."""

from __future__ import annotations

from flask import abort, request, url_for
from flask_babel import format_date

from kiblat.modules.desa_terhubung.services import history, maps, nearby, operators, plans, registry
from kiblat.modules.desa_terhubung.services.surveys import today
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
        **_progress_chart(),
    )


def _progress_chart() -> dict:
    months = history.monthly(today())
    labels = [format_date(m.month_end, "MMM yy") for m in months]
    return {"months": months, "columns": history.stacked_columns(months), "month_labels": labels}


def nearest() -> str:
    """Nearest village operators and public access points to a desa the citizen picks (no script needed)."""
    rows = registry.all_desa()
    chosen = next((r for r in rows if r.code == request.args.get("desa", "")[:13]), None)
    found = nearby.nearest(chosen.code, current_tenant.region_code) if chosen else ([], [])
    groups: dict[str, list[registry.DesaStatus]] = {}
    for row in rows:
        groups.setdefault(row.kecamatan_name, []).append(row)
    return render("nearest.html", groups=groups, chosen=chosen, operators=found[0], access_points=found[1],
                  asked="desa" in request.args)


def detail(code: str) -> str:
    desa = registry.one(code[:13])
    if desa is None:
        abort(404)
    return render("detail.html", desa=desa, plans=plans.plans(desa.code), operators=operators.of_desa(desa.code))
