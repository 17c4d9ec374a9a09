"""The national adoption map: every kabupaten/kota coloured by how far it has adopted Kiblat,
optionally for one module or one smart-city dimension. Built from the tenant registry and the
manifests only (no tenant data), drawn by ``kiblat.platform.maps``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup

from kiblat.platform.maps import LegendItem, legend_html, national_map
from kiblat.platform.modular.registry import ModuleRegistry
from kiblat.tenants.context import TenantInfo
from kiblat.tenants.models import TenantStatus
from kiblat.tenants.registry import tenant_registry

# Adoption states, in legend order, with their colours (ColorBrewer greens; orange: onboarding).
NONE, ONBOARDING, LIVE_WITHOUT, LIVE_FEW, LIVE_SOME, LIVE_MANY = (
    "none", "onboarding", "live_without", "live_few", "live_some", "live_many")
COLOURS = {
    NONE: "#d9dde3",
    ONBOARDING: "#f1a340",
    LIVE_WITHOUT: "#b8cde6",
    LIVE_FEW: "#a6dba0",
    LIVE_SOME: "#5aae61",
    LIVE_MANY: "#1b7837",
}


def state_labels() -> dict[str, str]:
    return {
        NONE: _("Belum memakai Kiblat"),
        ONBOARDING: _("Sedang bergabung"),
        LIVE_WITHOUT: _("Aktif, tanpa modul yang dipilih"),
        LIVE_FEW: _("Aktif, 1–2 modul"),
        LIVE_SOME: _("Aktif, 3–4 modul"),
        LIVE_MANY: _("Aktif, 5 modul atau lebih"),
    }


@dataclass(frozen=True)
class MapFilter:
    module: str | None = None
    dimension: str | None = None

    @property
    def active(self) -> bool:
        return bool(self.module or self.dimension)


def tenants_by_region() -> dict[str, TenantInfo]:
    """Live and onboarding tenants per region (suspended and archived ones do not count)."""
    wanted = (TenantStatus.ACTIVE, TenantStatus.PROVISIONING)
    return {t.region_code: t for t in tenant_registry().all() if t.status in wanted}


def counted_modules(tenant: TenantInfo, registry: ModuleRegistry, where: MapFilter) -> set[str]:
    modules = set(tenant.modules)
    if where.module:
        modules &= {where.module}
    if where.dimension:
        modules &= {m.key for m in registry if where.dimension in m.smart_city}
    return modules


def state_of(tenant: TenantInfo | None, registry: ModuleRegistry, where: MapFilter) -> str:
    if tenant is None:
        return NONE
    if tenant.status == TenantStatus.PROVISIONING:
        return ONBOARDING
    count = len(counted_modules(tenant, registry, where))
    if count == 0:
        return LIVE_WITHOUT if where.active else LIVE_FEW
    return LIVE_FEW if count <= 2 else LIVE_SOME if count <= 4 else LIVE_MANY


def states(codes: Iterable[str], registry: ModuleRegistry, where: MapFilter) -> dict[str, str]:
    tenants = tenants_by_region()
    return {code: state_of(tenants.get(code), registry, where) for code in codes}


def legend(used: Iterable[str], where: MapFilter) -> list[LegendItem]:
    labels = state_labels()
    present = set(used)
    return [LegendItem(COLOURS[s], labels[s]) for s in COLOURS
            if s in present or s == NONE or (s == LIVE_WITHOUT and where.active and s in present)]


def adoption_svg(
    codes_and_names: dict[str, str],
    registry: ModuleRegistry,
    where: MapFilter,
    links: dict[str, str],
    *,
    province: str | None = None,
    title: str,
) -> tuple[Markup, dict[str, str]]:
    """The SVG followed by its legend (HTML), and each region's state (also for regions without a
    boundary, which the page lists)."""
    found = states(codes_and_names, registry, where)
    labels = state_labels()
    svg = national_map(
        province=province,
        fills={code: COLOURS[s] for code, s in found.items() if s != NONE},
        titles={code: f"{name} — {labels[found[code]]}" for code, name in codes_and_names.items()},
        links=links,
        title=title,
    )
    return Markup(svg + legend_html(legend(found.values(), where))), found
