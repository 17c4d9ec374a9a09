"""Satu Data benchmark: CKAN ``package_search`` p50/p95 with 10,000 published datasets in one
regency, a full harvest (``sort=id asc``, 100 a page) in datasets/s, and ``package_search`` on
the national catalogue of the platform host over 500 regencies × 50 public datasets, all over
HTTP through the test client.

Run alone: ``python benchmarks/bench_open_data.py``. SQLite always; PostgreSQL too when
``KIBLAT_BENCH_POSTGRES_URL`` (default: the local server) names a server where a
throwaway database may be created. Writes ``benchmarks/results/open_data.md``.
``KIBLAT_BENCH_DATASETS`` changes the 10,000; ``KIBLAT_BENCH_REGENCIES`` and
``KIBLAT_BENCH_REGENCY_DATASETS`` the 500 × 50; ``KIBLAT_BENCH_REQUESTS`` the 40 requests per
kind of query; ``--quick`` makes all of them small (a smaller run only checks that the
benchmark works, its numbers are not the goal's).

The national catalogue reads the control plane's open-data index only (never a regency's
schema), so its regencies are control-plane rows (tenant, host, module on) and their index
entries are written as publishing writes them; no regency schema is created for them.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_permits import _app  # noqa: E402 - shared set-up of the Sri Deli benchmark
from benchlib.apps import scratch_postgres  # noqa: E402
from benchlib.deploy import require_postgres  # noqa: E402
from benchlib.report import write_result  # noqa: E402

QUICK = "--quick" in sys.argv  # run_all.py --quick: small sizes, to check the benchmark works
TOTAL = int(os.environ.get("KIBLAT_BENCH_DATASETS", "1000" if QUICK else "10000"))
TOPICS = ("kesehatan", "pendidikan", "ekonomi", "kependudukan", "lingkungan")
WORDS = ("puskesmas", "sekolah", "penduduk", "sampah", "jalan", "izin", "balita", "pasar", "irigasi", "posyandu")
QUERIES = (
    {"rows": 10},
    {"q": "puskesmas", "rows": 10},
    {"fq": "organization:opd-3 tags:posyandu", "rows": 10},
    {"fq": "groups:kesehatan -res_format:XLSX", "sort": "metadata_modified desc", "rows": 100},
    {"q": "penduduk", "facet.field": '["organization","tags","res_format"]', "rows": 10},
)
REQUESTS_PER_QUERY = int(os.environ.get("KIBLAT_BENCH_REQUESTS", "5" if QUICK else "40"))
REGENCIES = int(os.environ.get("KIBLAT_BENCH_REGENCIES", "50" if QUICK else "500"))
PER_REGENCY = int(os.environ.get("KIBLAT_BENCH_REGENCY_DATASETS", "20" if QUICK else "50"))
NATIONAL_QUERIES = (
    {"rows": 10},
    {"q": "puskesmas", "rows": 10},
    {"fq": "regency:kab-7 tags:posyandu", "rows": 10},
    {"fq": "groups:kesehatan -res_format:XLSX", "sort": "metadata_modified desc", "rows": 100},
    {"q": "penduduk", "facet.field": '["regency","organization","tags","res_format"]', "rows": 10},
)


def _fill(total: int) -> None:
    from kiblat.modules.satu_data.services.ids import time_ordered_id
    from kiblat.platform.identity.models import Opd
    from kiblat.tenants.database import tenant_db

    session = tenant_db.session
    opds = [Opd(name=f"Dinas {n}", short_name=f"OPD-{n}") for n in range(1, 21)]
    session.add_all(opds)
    session.flush()
    from kiblat.modules.satu_data.models import Dataset

    start, batch = datetime(2024, 1, 1, tzinfo=UTC), []
    for i in range(total):
        opd = opds[i % len(opds)]
        topic, word, other = TOPICS[i % 5], WORDS[i % 10], WORDS[(i * 7) % 10]
        modified = start + timedelta(minutes=11 * i)
        name = f"data-{word}-{i}"
        package = {"id": time_ordered_id(), "name": name, "title": f"Data {word} {i}",
                   "notes": f"Jumlah {word} dan {other} menurut kecamatan", "organization": {"name": f"opd-{opd.id}"},
                   "resources": [{"format": "CSV", "url": f"/data/dataset/{name}/sumber/x/unduh"}], "extras": []}
        batch.append({
            "name": name, "opd_id": opd.id, "private": False, "published": True, "package_id": package["id"],
            "title": package["title"], "search_text": f"data {word} {i} jumlah {word} dan {other} menurut kecamatan",
            "organization": f"opd-{opd.id}", "groups_text": f"|{topic}|", "tags_text": f"|{word}|{other}|",
            "formats_text": "|CSV|" if i % 4 else "|CSV|XLSX|", "years_text": f"|{2020 + i % 5}|",
            "license_id": "CC-BY-4.0", "metadata_created": modified, "metadata_modified": modified,
            "package": package, "created_at": modified})
        if len(batch) == 2000:
            session.execute(insert(Dataset), batch)
            batch = []
    if batch:
        session.execute(insert(Dataset), batch)
    session.commit()
    if session.get_bind().dialect.name == "postgresql":
        # What autovacuum does after a bulk load: without statistics the planner skips the GIN index.
        schema = session.connection().get_execution_options()["schema_translate_map"][None]
        session.connection().execute(text(f'ANALYZE "{schema}".satu_data_dataset'))
        session.commit()


def _fill_national(regencies: int, per_regency: int) -> None:
    """``regencies`` open regencies in the control plane, each with ``per_regency`` entries in
    the national index shaped as ``national.sync`` writes them."""
    from kiblat.modules.satu_data.services.ids import time_ordered_id
    from kiblat.platform.core.extensions import db
    from kiblat.platform.opendata.models import OpenDataEntry
    from kiblat.platform.regions.models import Regency
    from kiblat.tenants.models import Domain, ModuleEnablement, Tenant
    from kiblat.tenants.registry import tenant_registry

    session = db.session
    codes = list(session.execute(select(Regency.code, Regency.province_code, Regency.name, Regency.kind)
                                 .order_by(Regency.code).limit(regencies)))
    assert len(codes) == regencies, f"only {len(codes)} regencies in the region table"
    tenants = [Tenant(slug=f"kab-{n}", official_name=f"Kabupaten {name}", short_name=name, region_code=code,
                      kind="kota" if kind.lower().startswith("kota") else "kabupaten", province_code=province,
                      time_zone="Asia/Jakarta", status="active") for n, (code, province, name, kind) in enumerate(codes)]
    session.add_all(tenants)
    session.flush()
    session.execute(insert(Domain), [{"tenant_id": t.id, "host": f"{t.slug}.kiblat.test", "is_primary": True}
                                     for t in tenants])
    session.execute(insert(ModuleEnablement), [{"tenant_id": t.id, "module_key": "satu_data", "enabled": True,
                                                "settings": {}} for t in tenants])
    start, batch = datetime(2024, 1, 1, tzinfo=UTC), []
    for t in tenants:
        for i in range(per_regency):
            opd = f"{t.slug}-opd-{i % 20}"
            topic, word, other = TOPICS[i % 5], WORDS[i % 10], WORDS[(i * 7) % 10]
            modified = start + timedelta(minutes=7 * len(batch) + t.id)
            source = f"data-{word}-{i}"
            package = {"id": time_ordered_id(), "name": f"{t.slug}-{source}", "title": f"Data {word} {i}",
                       "notes": f"Jumlah {word} dan {other} menurut kecamatan", "url": f"/data/dataset/{source}",
                       "organization": {"id": opd, "name": opd, "title": f"Dinas {i % 20} ({t.official_name})"},
                       "resources": [{"format": "CSV", "url": f"/data/dataset/{source}/sumber/x/unduh"}],
                       "extras": [{"key": "kabupaten_kota", "value": t.official_name}],
                       "kiblat_host": f"{t.slug}.kiblat.test"}
            batch.append({
                "package_id": package["id"], "tenant_id": t.id, "regency": t.slug, "source_name": source,
                "name": package["name"], "title": package["title"],
                "search_text": f"data {word} {i} jumlah {word} dan {other} menurut kecamatan "
                               f"{t.official_name.lower()}",
                "organization": opd, "groups_text": f"|{topic}|", "tags_text": f"|{word}|{other}|",
                "formats_text": "|CSV|" if i % 4 else "|CSV|XLSX|", "years_text": f"|{2020 + i % 5}|",
                "license_id": "CC-BY-4.0", "metadata_created": modified, "metadata_modified": modified,
                "package": package})
        if len(batch) >= 2000:
            session.execute(insert(OpenDataEntry), batch)
            batch = []
    if batch:
        session.execute(insert(OpenDataEntry), batch)
    session.commit()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ANALYZE open_data_index"))
        session.commit()
    tenant_registry().changed()


def _timed(client, host: str, queries: tuple[dict, ...]) -> dict:  # noqa: ANN001 - Flask's test client
    timings, per_kind = [], []
    for params in queries:
        kind = []
        for _ in range(REQUESTS_PER_QUERY):
            started = time.perf_counter()
            response = client.get("/api/3/action/package_search", headers={"Host": host}, query_string=params)
            kind.append(time.perf_counter() - started)
            assert response.status_code == 200 and response.get_json()["success"], response.get_data(as_text=True)
        timings += kind
        per_kind.append(statistics.median(kind) * 1000)
    timings.sort()
    return {"per_kind_ms": per_kind, "p50_ms": statistics.median(timings) * 1000,
            "p95_ms": timings[max(0, int(0.95 * len(timings)) - 1)] * 1000}


def bench_national(database_url: str | None) -> dict:
    app = _app(database_url)
    with app.app_context():
        started = time.perf_counter()
        _fill_national(REGENCIES, PER_REGENCY)
        result = {"fill_s": time.perf_counter() - started}
    client = app.test_client()
    found = client.get("/api/3/action/package_search", headers={"Host": "kiblat.test"},
                       query_string={"rows": 0}).get_json()["result"]["count"]
    assert found == REGENCIES * PER_REGENCY, found
    result.update(_timed(client, "kiblat.test", NATIONAL_QUERIES))
    with app.app_context():
        from kiblat.platform.core.extensions import db

        db.engine.dispose()
        app.extensions["kiblat_tenant_engines"].dispose()
    return result


def bench(database_url: str | None) -> dict:
    from kiblat.provisioning.run import provision_tenant
    from kiblat.tenants.context import tenant_context

    app = _app(database_url)
    result = {}
    with app.app_context():
        tenant = provision_tenant("12.07", slug="deliserdang", modules=["satu_data"])
        started = time.perf_counter()
        with tenant_context(tenant):
            _fill(TOTAL)
        result["fill_s"] = time.perf_counter() - started
    client, host = app.test_client(), {"Host": tenant.primary_host}
    result.update(_timed(client, tenant.primary_host, QUERIES))
    seen, start = set(), 0
    started = time.perf_counter()
    while True:
        response = client.get("/api/action/package_search", headers=host, query_string={
            "fq": "metadata_modified:[2000-01-01T00:00:00Z TO *]", "sort": "id asc", "rows": 100, "start": start})
        page = response.get_json()["result"]["results"]
        if not page:
            break
        seen.update(p["id"] for p in page)
        start += 100
    result["harvest_per_s"] = len(seen) / (time.perf_counter() - started)
    assert len(seen) == TOTAL
    with app.app_context():
        from kiblat.platform.core.extensions import db

        db.engine.dispose()
        app.extensions["kiblat_tenant_engines"].dispose()
    return result


def main() -> int:
    admin_url = require_postgres()  # the local server by default; stops loudly if unreachable
    results, national = {"SQLite": bench(None)}, {"SQLite": bench_national(None)}
    if admin_url:
        for target, run in ((results, bench), (national, bench_national)):
            pg_url, drop = scratch_postgres(admin_url)
            try:
                target["PostgreSQL"] = run(pg_url)
            finally:
                drop()
    lines = [
        f"One regency with {TOTAL:,} published datasets (20 OPDs, 5 topics), single process, over HTTP "
        f"through the test client. `package_search`: {len(QUERIES)} kinds of query (all, full text, "
        "`fq` on organization and tags, a negated format with 100 rows, full text with three facets), "
        f"{REQUESTS_PER_QUERY} requests each. Harvest: CKAN's harvester loop (`sort=id asc`, 100 a "
        "page, an `fq` on `metadata_modified`) over every dataset, after `ANALYZE` (as autovacuum would). "
        "Goal: p95 ≤ 100 ms on PostgreSQL. Full text uses the GIN index of `satu_data_0002`, `fq` on "
        "lists the GIN indexes of `satu_data_0003`; the count and the facets are one SQL statement "
        "(GROUP BY over the filtered rows), the page a second.", "",
        "| Backend | Fill | package_search p50 | p95 | Harvest |", "|---|---|---|---|---|"]
    for backend, r in results.items():
        lines.append(f"| {backend} | {r['fill_s']:.0f} s | {r['p50_ms']:.0f} ms | {r['p95_ms']:.0f} ms "
                     f"| {r['harvest_per_s']:.0f} datasets/s |")
    lines += ["", "Median per kind of query (all · full text · fq · negated with 100 rows · full text with facets):", ""]
    for backend, r in results.items():
        lines.append(f"* {backend}: " + " · ".join(f"{ms:.0f} ms" for ms in r["per_kind_ms"]))
    lines += ["", f"National catalogue on the platform host: {REGENCIES:,} regencies × {PER_REGENCY:,} public "
              f"datasets ({REGENCIES * PER_REGENCY:,} in the control plane's open-data index, 20 OPDs each). "
              f"`package_search`: {len(NATIONAL_QUERIES)} kinds of query (all, full text, `fq` on regency and "
              "tags, a negated format with 100 rows, full text with four facets including the regency), "
              f"{REQUESTS_PER_QUERY} requests each. Goal: p95 ≤ 100 ms on PostgreSQL.", "",
              "| Backend | Fill | package_search p50 | p95 |", "|---|---|---|---|"]
    for backend, r in national.items():
        lines.append(f"| {backend} | {r['fill_s']:.0f} s | {r['p50_ms']:.0f} ms | {r['p95_ms']:.0f} ms |")
    lines += ["", "Median per kind of query (all · full text · fq · negated with 100 rows · full text with facets):", ""]
    for backend, r in national.items():
        lines.append(f"* {backend}: " + " · ".join(f"{ms:.0f} ms" for ms in r["per_kind_ms"]))
    path = write_result("open_data", "Open data (Satu Data)", "\n".join(lines), quick=QUICK)
    print(path.read_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
