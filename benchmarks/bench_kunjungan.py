"""Kunjungan benchmark: check-ins through the gate endpoint with 20,000 tickets for the day,
and bookings per second for one hot slot under contention.

Run alone: ``python benchmarks/bench_kunjungan.py [--quick]``. SQLite always; PostgreSQL too
when ``KIBLAT_BENCH_POSTGRES_URL`` (default: the local server) names a server where a
throwaway database may be created. Writes ``benchmarks/results/kunjungan.md``.
"""

from __future__ import annotations

import secrets
import statistics
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from benchlib.apps import app_with_regency, csrf_token, scratch_postgres, signed_in_client
from benchlib.deploy import require_postgres
from benchlib.report import write_result

ROOT = Path(__file__).resolve().parent.parent
# The gate is measured at a fixed moment inside the day's only slot (Saturday 10.00 WIB).
NOW = datetime(2031, 3, 8, 3, 0, tzinfo=UTC)
DAY = NOW.date()


def _setup(database_url: str | None):  # noqa: ANN202
    from kiblat.modules.kunjungan.services import clock

    clock.now = lambda: NOW  # the benchmark's own process: every scan falls inside the slot
    return app_with_regency(database_url, "12.07", "deliserdang", ("kunjungan",))


def _tickets_for_the_day(app, tenant, count: int) -> list[str]:  # noqa: ANN001
    """``count`` paid tickets in one all-day slot; returns their QR texts."""
    from kiblat.modules.kunjungan.services import booking, places, slots, tickets
    from kiblat.tenants.context import tenant_context

    with app.app_context(), tenant_context(tenant):
        place = places.ensure_place("taman", "bench", "Taman Buah")
        adult = places.ensure_ticket_type(place, "dewasa", "Dewasa", 15_000)
        places.add_slot_rule(place, "08:00", "17:00", count + 10)
        slot_id = slots.slots_on(place.id, DAY)[0].id
        codes = []
        for start in range(0, count, 50):
            order = booking.Order(slot_id, {adult.id: min(50, count - start)}, f"Rombongan {start}")
            made = booking.book(order, secrets.token_hex(16), walk_in=True, paid_method="cash")
            codes += [tickets.qr_text(t) for t in made.tickets]
        return codes


def _gate_client(app, tenant):  # noqa: ANN001, ANN202
    """A signed-in gate officer (through the real sign-in form) and the gate form's CSRF token."""
    from kiblat.platform.identity.accounts import create_user
    from kiblat.tenants.context import tenant_context
    from kiblat.tenants.database import tenant_db

    password = secrets.token_urlsafe(12)
    with app.app_context(), tenant_context(tenant):
        create_user(name="Petugas Gerbang", role="petugas_gerbang", email="gerbang@bench.example.id", password=password)
        tenant_db.session.commit()
    client = signed_in_client(app, tenant, "gerbang@bench.example.id", password)
    page = client.get("/kunjungan/taman/gerbang", base_url=f"http://{tenant.primary_host}")
    return client, csrf_token(page.get_data(as_text=True))


def bench_gate(app, tenant, count: int, scans: int) -> dict:  # noqa: ANN001
    codes = _tickets_for_the_day(app, tenant, count)
    client, token = _gate_client(app, tenant)
    host = f"http://{tenant.primary_host}"
    started = time.perf_counter()
    listed = client.get(f"/kunjungan/taman/gerbang/daftar.json?tanggal={DAY}", base_url=host)
    list_ms = (time.perf_counter() - started) * 1000
    assert len(listed.json["tickets"]) == count
    times, results = [], {}
    picked = codes[:: max(1, count // scans)][:scans]
    for code in picked + picked[: scans // 10]:  # a tenth scanned twice: "already used"
        started = time.perf_counter()
        response = client.post("/kunjungan/taman/gerbang", base_url=host, headers={"Accept": "application/json"},
                               data={"csrf_token": token, "code": code, "nonce": secrets.token_hex(8),
                                     "gate": "Gerbang 1", "direction": "in"})
        times.append(time.perf_counter() - started)
        results[response.json["result"]] = results.get(response.json["result"], 0) + 1
    assert results == {"ok": len(picked), "used": scans // 10}, results
    times.sort()
    return {"p50": statistics.median(times) * 1000, "p95": times[int(len(times) * 0.95)] * 1000,
            "per_s": len(times) / sum(times), "list_ms": list_ms, "list_kb": len(listed.data) / 1024}


def bench_hot_slot(app, tenant, seats: int, threads: int) -> dict:  # noqa: ANN001
    """``threads`` writers book one ticket at a time in the same slot until it is full."""
    from kiblat.modules.kunjungan.services import booking, places, slots
    from kiblat.modules.kunjungan.services.errors import SoldOut
    from kiblat.tenants.context import tenant_context

    with app.app_context(), tenant_context(tenant):
        place = places.ensure_place("museum", "bench", "Museum")
        adult_id = places.ensure_ticket_type(place, "dewasa", "Dewasa", 5_000).id
        places.add_slot_rule(place, "10:00", "11:00", seats)
        slot_id = slots.slots_on(place.id, DAY)[0].id
    booked = [0] * threads
    barrier = threading.Barrier(threads)

    def writer(index: int) -> None:
        with app.app_context(), tenant_context(tenant):
            barrier.wait()
            while True:
                try:
                    booking.book(booking.Order(slot_id, {adult_id: 1}, "Pengunjung"), secrets.token_hex(16),
                                 walk_in=True)
                except SoldOut:
                    return
                booked[index] += 1

    workers = [threading.Thread(target=writer, args=(i,)) for i in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    with app.app_context(), tenant_context(tenant):
        taken = slots.get(slot_id).taken
    assert sum(booked) == taken == seats, (sum(booked), taken, seats)
    return {"per_s": seats / elapsed, "oversold": taken - seats}


def main() -> int:
    quick = "--quick" in sys.argv
    count, scans, seats, threads = (5_000, 300, 200, 8) if quick else (20_000, 1_000, 800, 8)
    admin_url = require_postgres()  # the local server by default; stops loudly if unreachable
    lines = [f"Gate: {count:,} paid tickets for the day; {scans:,} different tickets checked in through "
             f"`POST /kunjungan/<place>/gerbang` (JSON answer; signature check, lookup, conditional update, "
             f"scan row with nonce, commit), plus a tenth of them again (answered \"already used\"), one after "
             f"another through the full app (session, tenant, CSRF). Goal: p95 under 50 ms. Offline list: "
             f"the day's hashes as the gate phone downloads them. Hot slot: {threads} writers book one ticket "
             f"at a time in one slot of {seats:,} seats until it is full (counted per ticket; oversold must be 0).",
             "", "| Backend | Check-in p50 | Check-in p95 | Check-ins/s | Day list | Bookings/s (hot slot) | Oversold |",
             "|---|---|---|---|---|---|---|"]
    backends: list[tuple[str, str | None]] = [("SQLite", None)]
    drop = None
    if admin_url:
        pg_url, drop = scratch_postgres(admin_url)
        backends.append(("PostgreSQL", pg_url))
    try:
        for name, url in backends:
            app, tenant = _setup(url)
            gate = bench_gate(app, tenant, count, scans)
            hot = bench_hot_slot(app, tenant, seats, threads)
            lines.append(f"| {name} | {gate['p50']:.1f} ms | {gate['p95']:.1f} ms | {gate['per_s']:.0f} "
                         f"| {gate['list_ms']:.0f} ms, {gate['list_kb']:,.0f} KB | {hot['per_s']:.0f} "
                         f"| {hot['oversold']} |")
            with app.app_context():
                app.extensions["kiblat_tenant_engines"].dispose()
    finally:
        if drop is not None:
            drop()
    if not admin_url:
        lines += ["", "PostgreSQL not measured: set KIBLAT_BENCH_POSTGRES_URL."]
    print(write_result("kunjungan", "Kunjungan (tickets and gate)", "\n".join(lines), quick).read_text())
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
