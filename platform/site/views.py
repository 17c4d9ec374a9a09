"""Thin handlers of the public platform pages; data comes from ``adoption`` and manifests."""

from __future__ import annotations

from flask import abort, current_app, render_template, request
from flask_babel import gettext as _

from kiblat.platform.modular.registry import ModuleRegistry
from kiblat.platform.site.adoption import adoption as build_adoption
from kiblat.platform.site.adoption_map import MapFilter, adoption_svg, state_labels
from kiblat.platform.site.charts import row_chart
from kiblat.platform.smartcity import services as smart_city
from kiblat.platform.smartcity.dimensions import DIMENSIONS
from kiblat.platform.web.page_cache import cached_for_anonymous
from kiblat.tenants.context import TenantInfo
from kiblat.tenants.models import TenantStatus
from kiblat.tenants.registry import tenant_registry

MAX_COMPARED = 6


def _modules() -> ModuleRegistry:
    return current_app.extensions["kiblat_modules"]


@cached_for_anonymous
def about() -> str:
    return render_template("site/about.html", modules=list(_modules()))


@cached_for_anonymous
def catalogue() -> str:
    return render_template("site/catalogue.html", modules=list(_modules()))


def tenant_url(tenant: TenantInfo, path: str = "/") -> str:
    """A link to a regency's host from the platform site (keeps the development port)."""
    port = request.host.partition(":")[2]
    return f"//{tenant.primary_host}{':' + port if port else ''}{path}"


def _map_filter() -> MapFilter:
    """``?modul=`` and ``?dimensi=``; unknown values are ignored (the whole map is shown)."""
    module = request.args.get("modul") or None
    dimension = request.args.get("dimensi") or None
    return MapFilter(module if module in _modules() else None, dimension if dimension in DIMENSIONS else None)


def _links(regions: list, province_links: bool) -> dict[str, str]:
    links = {}
    for region in regions:
        if region.tenant is not None and region.tenant.status == TenantStatus.ACTIVE:
            links[region.code] = tenant_url(region.tenant, "/smart-city")
        elif province_links:
            links[region.code] = f"/adopsi/provinsi/{region.code.split('.')[0]}"
    return links


@cached_for_anonymous
def adoption() -> str:
    """Built only from the regions, the tenant registry and the manifests, so the page cache keys
    it fully (a filtered map has a query string and is not cached)."""
    modules = list(_modules())
    data = build_adoption([m.key for m in modules])
    chart = row_chart(_("Kabupaten/kota pengguna per provinsi"),
                      [(p.name, p.adopting) for p in data.provinces])
    where = _map_filter()
    regions = [r for p in data.provinces for r in p.regencies]
    svg, _states = adoption_svg({r.code: r.name for r in regions}, _modules(), where,
                                _links(regions, province_links=True), title=_("Peta adopsi Kiblat"))
    return render_template("site/adoption.html", data=data, modules=modules, chart=chart, map_svg=svg,
                           where=where, dimensions=DIMENSIONS)


def adoption_province(code: str) -> str:
    modules = list(_modules())
    data = build_adoption([m.key for m in modules])
    province = next((p for p in data.provinces if p.code == code), None)
    if province is None:
        abort(404)
    where = _map_filter()
    svg, states = adoption_svg({r.code: r.name for r in province.regencies}, _modules(), where,
                               _links(province.regencies, province_links=False), province=code,
                               title=_("Peta adopsi %(province)s", province=province.name))
    return render_template("site/adoption_province.html", province=province, modules=modules, map_svg=svg,
                           states=states, state_labels=state_labels(), where=where, dimensions=DIMENSIONS,
                           tenant_url=tenant_url)


def comparison() -> str:
    """Studi banding: the published indicators of two or more live regencies side by side."""
    live = sorted((t for t in tenant_registry().all() if t.status == TenantStatus.ACTIVE), key=lambda t: t.official_name)
    by_slug = {t.slug: t for t in live}
    chosen = [by_slug[s] for s in dict.fromkeys(request.args.getlist("daerah")) if s in by_slug][:MAX_COMPARED]
    result = smart_city.compare(_modules(), chosen) if len(chosen) >= 2 else None
    return render_template("site/comparison.html", live=live, chosen=chosen, result=result, dimensions=DIMENSIONS,
                           max_compared=MAX_COMPARED, tenant_url=tenant_url)
