"""Region lookups for modules and forms: ``kecamatan_of("12.07")``, ``desa_of("12.07.28")``.

Inside a tenant these read the tenant's own copy (loaded at creation), so a form
never touches the 90,000-row national list on a request.
"""

from __future__ import annotations

from sqlalchemy import select

from kiblat.platform.regions.data import KECAMATAN_CODE_RE, REGENCY_CODE_RE, Region
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa, Kecamatan


class UnknownRegion(ValueError):
    """The code is malformed or not within the current tenant's regency."""


def kecamatan_of(regency_code: str) -> list[Region]:
    if not REGENCY_CODE_RE.match(regency_code) or regency_code != current_tenant.region_code:
        raise UnknownRegion(f"Kode kabupaten/kota {regency_code!r} bukan wilayah tenant ini")
    rows = tenant_db.session.execute(select(Kecamatan.code, Kecamatan.name).order_by(Kecamatan.name))
    return [Region(code, name) for code, name in rows]


def desa_of(kecamatan_code: str) -> list[Region]:
    if not KECAMATAN_CODE_RE.match(kecamatan_code) or not kecamatan_code.startswith(
        current_tenant.region_code + "."
    ):
        raise UnknownRegion(f"Kode kecamatan {kecamatan_code!r} bukan wilayah tenant ini")
    rows = tenant_db.session.execute(
        select(Desa.code, Desa.name).where(Desa.kecamatan_code == kecamatan_code).order_by(Desa.name)
    )
    return [Region(code, name) for code, name in rows]


def region_name(code: str) -> str | None:
    """Name of a kecamatan or desa of the current tenant, or None."""
    model = Kecamatan if code.count(".") == 2 else Desa
    return tenant_db.session.scalar(select(model.name).where(model.code == code))
