"""Provisioning benchmark: one regency end to end, and a whole province with create-many.

Run alone: ``python benchmarks/bench_provisioning.py``. SQLite always; PostgreSQL too when
``KIBLAT_BENCH_POSTGRES_URL`` (or ``KIBLAT_TEST_POSTGRES_URL``) names a server where a
throwaway database may be created. Prints a markdown section and writes it to
``benchmarks/results/provisioning.md``.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "provisioning.md"
SINGLE_RUNS = 7
PROVINCE = "12"  # Sumatera Utara: 33 kabupaten/kota
JOBS = int(os.environ.get("KIBLAT_BENCH_JOBS", "4"))


def _postgres_database(admin_url: str) -> tuple[str, callable]:
    url = make_url(admin_url).set(drivername="postgresql+psycopg")
    name = f"kiblat_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


def _app(database_url: str | None):  # noqa: ANN202
    from kiblat.migrations import runner
    from kiblat.platform.core.app import create_app
    from kiblat.platform.regions.sync import sync_regions

    environ = {"KIBLAT_ENV": "test", "KIBLAT_INSTANCE_PATH": tempfile.mkdtemp(prefix="kiblat-bench-"),
               "KIBLAT_BASE_DOMAIN": "kiblat.bench"}
    if database_url:
        environ["KIBLAT_DATABASE_URL"] = database_url
    app = create_app(environ)
    with app.app_context():
        runner.upgrade_control_plane()
        sync_regions()
    return app


def _spec(code: str) -> dict:
    modules = {"pengumuman": {}}
    return {"region": code, "modules": modules,
            "users": [{"name": "Admin", "email": f"admin{code.replace('.', '')}@bench.example.id", "role": "admin"}]}


def _regencies(province: str) -> list[str]:
    from kiblat.platform.core.extensions import db
    from kiblat.platform.regions.models import Regency

    return list(db.session.scalars(select(Regency.code).where(Regency.province_code == province).order_by(Regency.code)))


def bench_single(database_url: str | None) -> list[float]:
    from contextlib import redirect_stderr
    from io import StringIO

    from kiblat.provisioning.run import provision_now

    app = _app(database_url)
    times = []
    with app.app_context(), redirect_stderr(StringIO()):  # invitation emails go to the console
        for code in _regencies("11")[:SINGLE_RUNS]:
            started = time.perf_counter()
            provision_now(_spec(code))
            times.append(time.perf_counter() - started)
    return times


def bench_province(database_url: str) -> tuple[float, int, int]:
    from contextlib import redirect_stderr
    from io import StringIO

    from kiblat.platform.core.app import create_app
    from kiblat.provisioning.many import provision_many

    app = _app(database_url)
    with app.app_context(), redirect_stderr(StringIO()):
        specs = [(code, _spec(code)) for code in _regencies(PROVINCE)]
        started = time.perf_counter()
        results = provision_many(specs, jobs=JOBS, app_factory=create_app)
        total = time.perf_counter() - started
    return total, len(results), sum(1 for r in results if not r.ok)


def main() -> int:
    admin_url = os.environ.get("KIBLAT_BENCH_POSTGRES_URL") or os.environ.get("KIBLAT_TEST_POSTGRES_URL")
    lines = ["## Provisioning", "",
             "One regency end to end (register, schema/file, migrations, its kecamatan and desa, "
             "branding, module Pengumuman with seed data, one invited admin, activate); "
             f"median of {SINGLE_RUNS} regencies. Goal: ≤ 1 s.", "",
             "| Backend | Median | Min | Max |", "|---|---|---|---|"]
    single = {"SQLite": bench_single(None)}
    drop = None
    pg_url = None
    if admin_url:
        pg_url, drop = _postgres_database(admin_url)
        single["PostgreSQL"] = bench_single(pg_url)
    for backend, times in single.items():
        lines.append(f"| {backend} | {statistics.median(times) * 1000:.0f} ms | {min(times) * 1000:.0f} ms "
                     f"| {max(times) * 1000:.0f} ms |")
    lines.append("")
    if pg_url:
        drop()
        pg_url, drop = _postgres_database(admin_url)
        total, count, failed = bench_province(pg_url)
        lines += [f"`create-many` for all {count} kabupaten/kota of Sumatera Utara on PostgreSQL, "
                  f"{JOBS} worker processes: **{total:.1f} s total, {total / count:.2f} s per tenant** "
                  f"({failed} failed).", ""]
        drop()
    else:
        lines += ["PostgreSQL not measured: set KIBLAT_BENCH_POSTGRES_URL.", ""]
    lines.append("Only one module (Pengumuman) exists yet; the goal names two.")
    section = "\n".join(lines) + "\n"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(section)
    print(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
