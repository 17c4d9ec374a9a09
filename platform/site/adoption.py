"""Which regencies use which modules: every province and kabupaten/kota of Indonesia from
the control plane, with the active tenants on them (suspended or archived ones do not count)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from kiblat.platform.core.extensions import db
from kiblat.platform.regions.models import Province, Regency
from kiblat.tenants.context import TenantInfo
from kiblat.tenants.models import TenantStatus
from kiblat.tenants.registry import tenant_registry


@dataclass(frozen=True)
class RegencyRow:
    code: str
    name: str
    tenant: TenantInfo | None

    @property
    def modules(self) -> frozenset[str]:
        return self.tenant.modules if self.tenant is not None else frozenset()


@dataclass
class ProvinceRow:
    code: str
    name: str
    regencies: list[RegencyRow] = field(default_factory=list)

    @property
    def adopting(self) -> int:
        return sum(1 for r in self.regencies if r.tenant is not None)

    def using(self, module_key: str) -> int:
        return sum(1 for r in self.regencies if module_key in r.modules)


@dataclass(frozen=True)
class Adoption:
    provinces: list[ProvinceRow]
    module_keys: list[str]

    @property
    def regency_count(self) -> int:
        return sum(len(p.regencies) for p in self.provinces)

    @property
    def adopting(self) -> int:
        return sum(p.adopting for p in self.provinces)

    def using(self, module_key: str) -> int:
        return sum(p.using(module_key) for p in self.provinces)


def active_tenants_by_region() -> dict[str, TenantInfo]:
    return {t.region_code: t for t in tenant_registry().all() if t.status == TenantStatus.ACTIVE}


def adoption(module_keys: list[str]) -> Adoption:
    """Two small queries (provinces, regencies) plus the in-process tenant registry."""
    tenants = active_tenants_by_region()
    provinces = {code: ProvinceRow(code, name) for code, name in
                 db.session.execute(select(Province.code, Province.name).order_by(Province.code))}
    for code, province_code, name in db.session.execute(
        select(Regency.code, Regency.province_code, Regency.name).order_by(Regency.code)
    ):
        if province_code in provinces:
            provinces[province_code].regencies.append(RegencyRow(code, name, tenants.get(code)))
    return Adoption(list(provinces.values()), module_keys)
