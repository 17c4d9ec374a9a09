"""What the smart-city pages read: latest values and history, publication, a regency's six
dimensions, comparisons with per-capita normalisation. Control plane only: no tenant data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import delete, select

from kiblat.platform.core.extensions import db
from kiblat.platform.modular.manifest import Indicator, ModuleManifest
from kiblat.platform.modular.registry import ModuleRegistry
from kiblat.platform.regions.models import Regency
from kiblat.platform.smartcity.dimensions import DIMENSIONS
from kiblat.platform.smartcity.models import IndicatorSnapshot, PublishedIndicator
from kiblat.tenants.context import TenantInfo


class IndicatorError(ValueError):
    """An unknown indicator, or one its module does not let regencies publish."""


@dataclass(frozen=True)
class Declared:
    key: str  # "<module>.<indicator>"
    manifest: ModuleManifest
    indicator: Indicator

    @property
    def dimension(self) -> str:
        return self.manifest.indicator_dimension(self.indicator)


def declared(registry: ModuleRegistry, modules: Iterable[str] | None = None) -> list[Declared]:
    wanted = set(modules) if modules is not None else None
    return [
        Declared(f"{m.key}.{i.key}", m, i)
        for m in registry
        if wanted is None or m.key in wanted
        for i in m.indicators
    ]


def find(registry: ModuleRegistry, key: str) -> Declared:
    for item in declared(registry):
        if item.key == key:
            return item
    raise IndicatorError(f"Indikator {key!r} tidak dikenal")


# --- values -----------------------------------------------------------------------------------


def latest(tenant_ids: Iterable[int]) -> dict[int, dict[str, IndicatorSnapshot]]:
    """The most recent snapshot of each indicator per tenant (one query)."""
    ids = list(tenant_ids)
    found: dict[int, dict[str, IndicatorSnapshot]] = {i: {} for i in ids}
    if not ids:
        return found
    rows = db.session.scalars(
        select(IndicatorSnapshot).where(IndicatorSnapshot.tenant_id.in_(ids)).order_by(IndicatorSnapshot.period)
    )
    for row in rows:
        found[row.tenant_id][row.indicator] = row  # later periods overwrite earlier ones
    return found


def history(tenant_id: int, indicator: str, months: int = 12) -> list[tuple[str, float]]:
    rows = db.session.execute(
        select(IndicatorSnapshot.period, IndicatorSnapshot.value)
        .where(IndicatorSnapshot.tenant_id == tenant_id, IndicatorSnapshot.indicator == indicator,
               IndicatorSnapshot.value.is_not(None))
        .order_by(IndicatorSnapshot.period.desc()).limit(months)
    ).all()
    return [(period, value) for period, value in reversed(rows)]


def per_capita(value: float | None, population: int | None, per: int | None) -> float | None:
    """``value`` per ``per`` residents (None when the population is unknown)."""
    if value is None or per is None:
        return value
    if not population:
        return None
    return value * per / population


def populations(region_codes: Iterable[str]) -> dict[str, int | None]:
    codes = list(region_codes)
    return dict(db.session.execute(select(Regency.code, Regency.population).where(Regency.code.in_(codes))).all())


# --- publication ------------------------------------------------------------------------------


def published(tenant_ids: Iterable[int]) -> dict[int, set[str]]:
    ids = list(tenant_ids)
    found: dict[int, set[str]] = {i: set() for i in ids}
    for tenant_id, indicator in db.session.execute(
        select(PublishedIndicator.tenant_id, PublishedIndicator.indicator).where(PublishedIndicator.tenant_id.in_(ids))
    ):
        found[tenant_id].add(indicator)
    return found


def set_published(registry: ModuleRegistry, tenant: TenantInfo, key: str, publish: bool) -> None:
    item = find(registry, key)
    if publish and not item.indicator.publishable:
        raise IndicatorError(f"Indikator {key!r} tidak boleh ditampilkan untuk umum")
    db.session.execute(
        delete(PublishedIndicator).where(PublishedIndicator.tenant_id == tenant.id, PublishedIndicator.indicator == key)
    )
    if publish:
        db.session.add(PublishedIndicator(tenant_id=tenant.id, indicator=key))
    db.session.commit()


def public_keys(registry: ModuleRegistry, tenant: TenantInfo, chosen: set[str]) -> set[str]:
    """What may be shown publicly: chosen by the regency, publishable, and its module enabled."""
    return {d.key for d in declared(registry, tenant.modules) if d.key in chosen and d.indicator.publishable}


# --- a regency's six dimensions ---------------------------------------------------------------


@dataclass
class IndicatorView:
    declared: Declared
    value: float | None
    normalised: float | None
    period: str | None
    error: str
    published: bool
    trend: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class DimensionView:
    key: str
    enabled: list[ModuleManifest]
    missing: list[ModuleManifest]  # modules serving it that the regency has not enabled
    indicators: list[IndicatorView]

    @property
    def is_gap(self) -> bool:
        return not self.enabled


def overview(registry: ModuleRegistry, tenant: TenantInfo, *, public: bool) -> list[DimensionView]:
    """The six dimensions for ``tenant``; ``public`` leaves out unpublished indicators and errors."""
    values = latest([tenant.id])[tenant.id]
    chosen = published([tenant.id])[tenant.id]
    shown = public_keys(registry, tenant, chosen)
    population = populations([tenant.region_code]).get(tenant.region_code)
    views = []
    for key in DIMENSIONS:
        serving = [m for m in registry if key in m.smart_city]
        items = []
        for item in declared(registry, tenant.modules):
            if item.dimension != key or (public and item.key not in shown):
                continue
            snapshot = values.get(item.key)
            value = snapshot.value if snapshot else None
            items.append(IndicatorView(
                item, value, per_capita(value, population, item.indicator.per_capita),
                snapshot.period if snapshot else None, "" if public or not snapshot else snapshot.error,
                item.key in shown, history(tenant.id, item.key),
            ))
        views.append(DimensionView(
            key,
            [m for m in serving if m.key in tenant.modules],
            [m for m in serving if m.key not in tenant.modules],
            items,
        ))
    return views


# --- comparisons ------------------------------------------------------------------------------


@dataclass
class ComparedValue:
    value: float | None
    normalised: float | None
    period: str | None


@dataclass
class ComparisonRow:
    declared: Declared
    values: list[ComparedValue | None]  # one per regency; None: not used or not published

    def best(self) -> int | None:
        """Index of the best normalised value ("higher is better" or not)."""
        scored = [(v.normalised, i) for i, v in enumerate(self.values) if v is not None and v.normalised is not None]
        if len(scored) < 2:
            return None
        pick = max if self.declared.indicator.higher_is_better else min
        return pick(scored)[1]


@dataclass
class Comparison:
    tenants: list[TenantInfo]
    populations: list[int | None]
    dimensions: dict[str, list[list[ModuleManifest]]]  # dimension → per regency, its modules
    rows: list[ComparisonRow]


def compare(registry: ModuleRegistry, tenants: list[TenantInfo], *, public: bool = True) -> Comparison:
    """Side by side; ``public`` shows only what each regency published (studi banding), staff see all."""
    ids = [t.id for t in tenants]
    values = latest(ids)
    chosen = published(ids)
    pops = populations(t.region_code for t in tenants)
    used = set().union(*(t.modules for t in tenants)) if tenants else set()
    rows = []
    for item in declared(registry, used):
        cells: list[ComparedValue | None] = []
        for tenant in tenants:
            visible = item.manifest.key in tenant.modules and (
                not public or item.key in public_keys(registry, tenant, chosen[tenant.id]))
            snapshot = values[tenant.id].get(item.key) if visible else None
            if snapshot is None or snapshot.value is None:
                cells.append(None)
                continue
            population = pops.get(tenant.region_code)
            cells.append(ComparedValue(snapshot.value, per_capita(snapshot.value, population, item.indicator.per_capita),
                                       snapshot.period))
        if any(c is not None for c in cells) or not public:
            rows.append(ComparisonRow(item, cells))
    dims = {
        key: [[m for m in registry if key in m.smart_city and m.key in t.modules] for t in tenants]
        for key in DIMENSIONS
    }
    return Comparison(tenants, [pops.get(t.region_code) for t in tenants], dims, rows)
