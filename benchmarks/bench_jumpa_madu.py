"""Jumpa Madu benchmark: deposits recorded per second, and the savings-book page of a
nasabah with 5,000 ledger entries.

Run alone: ``python benchmarks/bench_jumpa_madu.py``. SQLite always; PostgreSQL too when
``KIBLAT_BENCH_POSTGRES_URL`` (default: the local server) names a server where a
throwaway database may be created. Writes ``benchmarks/results/jumpa_madu.md``.
"""

from __future__ import annotations

import secrets
import statistics
import sys
import threading
import time
from pathlib import Path

from benchlib.apps import app_with_regency, scratch_postgres, signed_in_client
from benchlib.deploy import require_postgres
from benchlib.report import write_result

ROOT = Path(__file__).resolve().parent.parent
DEPOSITS, THREADS, ENTRIES, PAGE_RUNS = 400, 4, 5_000, 40


def _setup(database_url: str | None):  # noqa: ANN202
    return app_with_regency(database_url, "12.75", "binjai", ("jumpa_madu",))


def _nasabah(tag: str, password: str | None = None) -> tuple[int, int, str]:
    from sqlalchemy import select

    from kiblat.modules.jumpa_madu.services import nasabah
    from kiblat.platform.identity.accounts import create_user
    from kiblat.tenants.database import tenant_db
    from kiblat.tenants.local_regions import Desa

    user = create_user(name=f"Nasabah {tag}", role="citizen", email=f"n-{tag}-{secrets.token_hex(3)}@bench.example.id",
                       password=password)
    tenant_db.session.commit()
    desa = tenant_db.session.scalar(select(Desa.code).order_by(Desa.code).limit(1))
    book = nasabah.register(user, phone=f"+62812{secrets.randbelow(10**8):08d}", desa_code=desa, address="Jl. Bench 1")
    return book.id, user.id, user.email


def _deposit(nasabah_id: int) -> None:
    from kiblat.modules.jumpa_madu.services.deposits import Weighing, record_deposit

    record_deposit(nasabah_id, [Weighing("kardus", 3_000), Weighing("kaleng", 500)], secrets.token_hex(16),
                   actor_id=None)


def bench_deposits(app, tenant) -> tuple[float, float]:  # noqa: ANN001
    """(deposits/s one after another, deposits/s with THREADS writers on different nasabah)."""
    from kiblat.tenants.context import tenant_context

    with app.app_context(), tenant_context(tenant):
        books = [_nasabah(f"d{i}")[0] for i in range(THREADS)]
        started = time.perf_counter()
        for i in range(DEPOSITS):
            _deposit(books[i % THREADS])
        sequential = DEPOSITS / (time.perf_counter() - started)

    def writer(nasabah_id: int) -> None:
        with app.app_context(), tenant_context(tenant):
            for _ in range(DEPOSITS // THREADS):
                _deposit(nasabah_id)

    threads = [threading.Thread(target=writer, args=(b,)) for b in books]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    concurrent = DEPOSITS / (time.perf_counter() - started)
    return sequential, concurrent


def bench_statement(app, tenant) -> tuple[float, float, float]:  # noqa: ANN001
    """Median ms of the savings-book page (first and last page) and of the JSON-free service call."""
    from kiblat.modules.jumpa_madu.services import ledger
    from kiblat.tenants.context import tenant_context
    from kiblat.tenants.database import tenant_db

    with app.app_context(), tenant_context(tenant):
        password = secrets.token_urlsafe(12)
        nasabah_id, _user_id, email = _nasabah("statement", password)
        session = tenant_db.session
        ledger.lock_account(session, nasabah_id)
        for i in range(ENTRIES):
            ledger.post(session, nasabah_id, 1_000 + i, "deposit", memo=f"Setoran {i}")
        session.commit()
        started = time.perf_counter()
        for _ in range(PAGE_RUNS):
            ledger.statement(nasabah_id)
        service_ms = (time.perf_counter() - started) / PAGE_RUNS * 1000
    client = signed_in_client(app, tenant, email, password)
    results = []
    for path in ("/jumpa-madu/tabungan", f"/jumpa-madu/tabungan?halaman={ENTRIES // 50}"):
        times = []
        for _ in range(PAGE_RUNS):
            started = time.perf_counter()
            response = client.get(path, base_url=f"http://{tenant.primary_host}")
            times.append(time.perf_counter() - started)
            assert response.status_code == 200 and "Setoran" in response.get_data(as_text=True), response.status_code
        results.append(statistics.median(times) * 1000)
    return results[0], results[1], service_ms


def main() -> int:
    admin_url = require_postgres()  # the local server by default; stops loudly if unreachable
    lines = [
        f"Deposits: a walk-in weighing of two categories (price lookup, balance-row lock, guarded "
        f"UPDATE, ledger entry, receipt with lines, audit entry, commit); {DEPOSITS} one after another, "
        f"then {DEPOSITS} by {THREADS} concurrent writers on different nasabah. Savings book: the page "
        f"of a nasabah with {ENTRIES:,} ledger entries (50 per page), median of {PAGE_RUNS} requests "
        "through the full app (session, tenant, template).", "",
        "| Backend | Deposits/s sequential | Deposits/s concurrent | Book page 1 | Book last page | statement() |",
        "|---|---|---|---|---|---|"]
    backends: list[tuple[str, str | None]] = [("SQLite", None)]
    drop = None
    if admin_url:
        pg_url, drop = scratch_postgres(admin_url)
        backends.append(("PostgreSQL", pg_url))
    try:
        for name, url in backends:
            app, tenant = _setup(url)
            sequential, concurrent = bench_deposits(app, tenant)
            first, last, service = bench_statement(app, tenant)
            lines.append(f"| {name} | {sequential:.0f} | {concurrent:.0f} | {first:.1f} ms | {last:.1f} ms "
                         f"| {service:.1f} ms |")
            with app.app_context():
                app.extensions["kiblat_tenant_engines"].dispose()
    finally:
        if drop is not None:
            drop()
    path = write_result("jumpa_madu", "Jumpa Madu (bank sampah)", "\n".join(lines), quick=False)
    print(path.read_text())
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
