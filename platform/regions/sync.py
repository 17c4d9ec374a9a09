"""Loads provinces and kabupaten/kota from the shipped list into the control plane."""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select

from kiblat.platform.core.extensions import db
from kiblat.platform.regions.data import (
    REGIONS_STAMP_KEY,
    population_by_code,
    province_time_zone,
    provinces,
    regencies,
    regency_kind,
    shipped_regions_stamp,
)
from kiblat.platform.regions.models import Province, Regency
from kiblat.tenants.models import PlatformState, Tenant


def sync_regions() -> tuple[int, int]:
    """Idempotent: a no-op when the control plane already holds the shipped list."""
    have_p = db.session.scalar(select(func.count()).select_from(Province))
    have_r = db.session.scalar(select(func.count()).select_from(Regency))
    stamp = shipped_regions_stamp()
    if have_r and db.session.get(PlatformState, REGIONS_STAMP_KEY) is not None \
            and db.session.get(PlatformState, REGIONS_STAMP_KEY).value == stamp:
        return have_p, have_r
    shipped_provinces, shipped_regencies = provinces(), regencies()
    if have_p == len(shipped_provinces) and have_r == len(shipped_regencies):
        _store_stamp(stamp)
        return have_p, have_r
    population = population_by_code()
    known_p = set(db.session.scalars(select(Province.code)))
    known_r = set(db.session.scalars(select(Regency.code)))
    new_p = [
        {"code": p.code, "name": p.name, "time_zone": province_time_zone(p.code)}
        for p in shipped_provinces
        if p.code not in known_p
    ]
    new_r = [
        {
            "code": r.code,
            "province_code": r.code[:2],
            "name": r.name,
            "kind": regency_kind(r.code),
            "population": population.get(r.code),
        }
        for r in shipped_regencies
        if r.code not in known_r
    ]
    if new_p:
        db.session.execute(insert(Province), new_p)
    if new_r:
        db.session.execute(insert(Regency), new_r)
    shipped_codes = {r.code for r in shipped_regencies}
    stale = known_r - shipped_codes
    if stale:
        # Only codes no tenant uses can go; a tenant's region stays until staff move it.
        used = set(db.session.scalars(select(Tenant.region_code)))
        db.session.execute(delete(Regency).where(Regency.code.in_(stale - used)))
    _store_stamp(stamp)
    return len(shipped_provinces), len(shipped_regencies)


def _store_stamp(stamp: int) -> None:
    state = db.session.get(PlatformState, REGIONS_STAMP_KEY) or PlatformState(key=REGIONS_STAMP_KEY)
    state.value = stamp
    db.session.add(state)
    db.session.commit()
