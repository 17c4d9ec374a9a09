"""Builds a deployment's tenants through provisioning's ``provision_tenant`` (the one way a
tenant is made).

Indonesia has 514 kabupaten/kota and a tenant needs a region of its own, so fleets
larger than that add synthetic regions (provinces ``01``–``09``, which Kemendagri
does not use) to the benchmark's control plane. A synthetic regency gets the kecamatan and
desa of a real one, codes re-prefixed (:func:`_mirrored_subregions`, in the benchmark's
processes only): tenant ``i`` mirrors tenant ``i mod 100``, so the last tenth of a 1,000-tenant
fleet loads exactly the regions the first tenth loaded, and comparing their creation times
measures what grows with the fleet, not which regions they are.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from flask import Flask
from sqlalchemy import insert, select

from kiblat.migrations import runner
from kiblat.platform.core.app import create_app
from kiblat.platform.core.extensions import db
from kiblat.platform.regions import data as region_data
from kiblat.platform.regions.models import Province, Regency
from kiblat.platform.regions.sync import sync_regions
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants import local_regions

HOME_TENANT = ("12.07", "deliserdang")  # Kabupaten Deli Serdang
SYNTHETIC_PROVINCES = [f"{p:02d}" for p in range(1, 10)]
MIRROR_EVERY = 100  # synthetic tenant i gets the kecamatan/desa of tenant i mod 100


@dataclass
class FleetTimes:
    tenants: int
    seconds: float
    first_avg_ms: float  # mean creation time of the first 10% of tenants
    last_avg_ms: float  # ... and of the last 10%


def _dispose(app: Flask) -> None:
    with app.app_context():
        db.engine.dispose()
        app.extensions["kiblat_tenant_engines"].dispose()


def prepare_control_plane(environ: dict[str, str]) -> None:
    app = create_app(environ)
    with app.app_context():
        runner.upgrade_control_plane()
        sync_regions()
    _dispose(app)


def _region_codes(app: Flask, count: int) -> list[str]:
    """``count`` unused region codes: Deli Serdang first, real ones, then synthetic ones."""
    with app.app_context():
        real = list(db.session.scalars(select(Regency.code).order_by(Regency.code)))
        real.remove(HOME_TENANT[0])
        codes = [HOME_TENANT[0], *real][:count]
        missing = count - len(codes)
        if missing > 0:
            synthetic = [f"{p}.{r:02d}" for p in SYNTHETIC_PROVINCES for r in range(1, 100)]
            if missing > len(synthetic):
                raise ValueError(f"at most {len(real) + 1 + len(synthetic)} tenants")
            synthetic = synthetic[:missing]
            db.session.execute(
                insert(Province),
                [{"code": p, "name": f"Provinsi Sintetis {p}", "time_zone": "Asia/Jakarta"}
                 for p in SYNTHETIC_PROVINCES],
            )
            db.session.execute(
                insert(Regency),
                [{"code": c, "province_code": c[:2], "name": f"Kabupaten Sintetis {c}",
                  "kind": "kabupaten", "population": None} for c in synthetic],
            )
            db.session.commit()
            codes += synthetic
        return codes


def slug_for(index: int) -> str:
    return HOME_TENANT[1] if index == 0 else f"t{index:04d}"


def host_for(index: int, base_domain: str) -> str:
    return f"{slug_for(index)}.{base_domain}"


_worker_app: Flask | None = None
_mirrors: dict[str, str] = {}  # synthetic regency code -> the real one whose regions it copies


def _mirrored_subregions(regency_code: str) -> tuple[list, list]:
    """``subregions_of_regency``, with a synthetic regency's kecamatan/desa those of its mirror
    (codes re-prefixed to the synthetic regency's)."""
    real = _mirrors.get(regency_code)
    if real is None:
        return region_data.subregions_of_regency(regency_code)
    kecamatan, desa = region_data.subregions_of_regency(real)
    return ([region_data.Region(regency_code + r.code[len(real):], r.name) for r in kecamatan],
            [region_data.Region(regency_code + r.code[len(real):], r.name) for r in desa])


def _worker_init(environ: dict[str, str], mirrors: dict[str, str]) -> None:
    global _worker_app
    _worker_app = create_app(environ)
    _mirrors.update(mirrors)
    local_regions.subregions_of_regency = _mirrored_subregions


def _create_one(job: tuple[int, str]) -> tuple[int, float]:
    index, code = job
    assert _worker_app is not None
    started = time.perf_counter()
    with _worker_app.app_context():
        provision_tenant(code, slug=slug_for(index), modules=["pengumuman"])
    return index, time.perf_counter() - started


def create_fleet(environ: dict[str, str], count: int, jobs: int = 2,
                 settle: Callable[[], None] | None = None) -> FleetTimes:
    """Control plane at head, then ``count`` tenants with Pengumuman, ``jobs`` at a time.

    ``settle`` (PostgreSQL: a ``CHECKPOINT``) runs before the first tenth and again before the
    last tenth, so both tenths start in the same state of the server's write-ahead log: a
    checkpoint the WAL volume triggers part-way through would otherwise overlap whichever
    tenants happen to be created then (it flushes and fsyncs every file they touched)."""
    prepare_control_plane(environ)
    app = create_app(environ)
    codes = _region_codes(app, count)
    _dispose(app)
    real = len([c for c in codes if c[:2] not in SYNTHETIC_PROVINCES])
    mirrors = {code: codes[index % MIRROR_EVERY] for index, code in enumerate(codes)
               if code[:2] in SYNTHETIC_PROVINCES and index % MIRROR_EVERY < real}
    tenth = max(1, count // 10)
    numbered = list(enumerate(codes))
    phases = [numbered[:tenth], numbered[tenth:count - tenth], numbered[max(tenth, count - tenth):]]
    started = time.perf_counter()
    durations = [0.0] * count
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_init,
                             initargs=(environ, mirrors)) as pool:
        for phase, settle_first in zip(phases, (True, False, True), strict=True):  # first, middle, last tenth
            if settle is not None and settle_first:
                settle()
            for index, seconds in pool.map(_create_one, phase, chunksize=4):
                durations[index] = seconds
    elapsed = time.perf_counter() - started
    return FleetTimes(
        tenants=count,
        seconds=elapsed,
        first_avg_ms=1000 * sum(durations[:tenth]) / tenth,
        last_avg_ms=1000 * sum(durations[-tenth:]) / tenth,
    )
