"""Satu Data benchmark: CKAN ``package_search`` p50/p95 with 10,000 published datasets in one
regency, and a full harvest (``sort=id asc``, 100 a page) in datasets/s, over HTTP through the
test client.

Run alone: ``python benchmarks/bench_open_data.py``. SQLite always; PostgreSQL too when
``KIBLAT_BENCH_POSTGRES_URL`` (default: the local server) names a server where a
throwaway database may be created. Writes ``benchmarks/results/open_data.md``.
``KIBLAT_BENCH_DATASETS`` changes the 10,000. The national catalogue (500 regencies × 50) is
not measured yet.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_permits import _app  # noqa: E402 - shared set-up of the Sri Deli benchmark
from benchlib.apps import scratch_postgres  # noqa: E402
from benchlib.deploy import require_postgres  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "open_data.md"
TOTAL = int(os.environ.get("KIBLAT_BENCH_DATASETS", "10000"))
TOPICS = ("kesehatan", "pendidikan", "ekonomi", "kependudukan", "lingkungan")
WORDS = ("puskesmas", "sekolah", "penduduk", "sampah", "jalan", "izin", "balita", "pasar", "irigasi", "posyandu")
QUERIES = (
    {"rows": 10},
    {"q": "puskesmas", "rows": 10},
    {"fq": "organization:opd-3 tags:posyandu", "rows": 10},
    {"fq": "groups:kesehatan -res_format:XLSX", "sort": "metadata_modified desc", "rows": 100},
    {"q": "penduduk", "facet.field": '["organization","tags","res_format"]', "rows": 10},
)
REQUESTS_PER_QUERY = 40


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
    timings, per_kind = [], []
    for params in QUERIES:
        kind = []
        for _ in range(REQUESTS_PER_QUERY):
            started = time.perf_counter()
            response = client.get("/api/3/action/package_search", headers=host, query_string=params)
            kind.append(time.perf_counter() - started)
            assert response.status_code == 200 and response.get_json()["success"]
        timings += kind
        per_kind.append(statistics.median(kind) * 1000)
    result["per_kind_ms"] = per_kind
    timings.sort()
    result["p50_ms"] = statistics.median(timings) * 1000
    result["p95_ms"] = timings[int(0.95 * len(timings)) - 1] * 1000
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
    results = {"SQLite": bench(None)}
    if admin_url:
        pg_url, drop = scratch_postgres(admin_url)
        try:
            results["PostgreSQL"] = bench(pg_url)
        finally:
            drop()
    lines = ["## Open data (Satu Data)", "",
             f"One regency with {TOTAL:,} published datasets (20 OPDs, 5 topics), single process, over HTTP "
             f"through the test client. `package_search`: {len(QUERIES)} kinds of query (all, full text, "
             "`fq` on organization and tags, a negated format with 100 rows, full text with three facets), "
             f"{REQUESTS_PER_QUERY} requests each. Harvest: CKAN's harvester loop (`sort=id asc`, 100 a "
             "page, an `fq` on `metadata_modified`) over every dataset, after `ANALYZE` (as autovacuum would). "
             "Goal: p95 ≤ 100 ms on PostgreSQL. Full text uses the GIN index of `satu_data_0002`; facets "
             "are counted in Python. The national catalogue (500 regencies × 50) is not measured yet.", "",
             "| Backend | Fill | package_search p50 | p95 | Harvest |", "|---|---|---|---|---|"]
    for backend, r in results.items():
        lines.append(f"| {backend} | {r['fill_s']:.0f} s | {r['p50_ms']:.0f} ms | {r['p95_ms']:.0f} ms "
                     f"| {r['harvest_per_s']:.0f} datasets/s |")
    lines += ["", "Median per kind of query (all · full text · fq · negated with 100 rows · full text with facets):", ""]
    for backend, r in results.items():
        lines.append(f"* {backend}: " + " · ".join(f"{ms:.0f} ms" for ms in r["per_kind_ms"]))
    if not admin_url:
        lines += ["", "PostgreSQL not measured: set KIBLAT_BENCH_POSTGRES_URL."]
    section = "\n".join(lines) + "\n"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(section)
    print(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
