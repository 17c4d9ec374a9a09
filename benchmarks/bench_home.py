"""(a) Tenant home page throughput: the platform ÷ a bare Flask app on the same database.

Both apps run under gunicorn with identical settings; wrk alternates between them
(order reversed every round) so drift affects both equally. Goal: ratio ≥ 0.95.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib.deploy import BASE_DOMAIN, deployment, postgres_available  # noqa: E402
from benchlib.fleet import HOME_TENANT, create_fleet  # noqa: E402
from benchlib.load import run_wrk, wrk_version  # noqa: E402
from benchlib.report import median, table, verdict, write_result  # noqa: E402
from benchlib.server import WORKERS, Server, get, gunicorn  # noqa: E402

GOAL = 0.95
HOST = f"{HOME_TENANT[1]}.{BASE_DOMAIN}"
BENCH_DIR = Path(__file__).resolve().parent
PLATFORM_APP = "kiblat.platform.core.wsgi:app"
CONNECTIONS = 4


@dataclass
class Series:
    label: str
    rps: list[float] = field(default_factory=list)
    p50: list[float] = field(default_factory=list)
    body_bytes: int = 0


def measure(server: Server, series: Series, seconds: float) -> None:
    result = run_wrk(server.port, [HOST], "/", seconds, CONNECTIONS)
    if result.errors:
        raise RuntimeError(f"{series.label}: {result.errors} errors during the run")
    series.rps.append(result.rps)
    series.p50.append(result.p50_ms)


def bench_backend(backend: str, rounds: int, seconds: float) -> list[list[object]]:
    with deployment(backend, "home") as dep:
        create_fleet(dep.environ(), 1)
        env = dep.process_environ()
        servers = {
            "platform": (PLATFORM_APP, env, None),
            "bare, query per request": ("bare_app:app", {**env, "BARE_LOOKUP": "request"}, BENCH_DIR),
            "bare, cached per worker": ("bare_app:app", {**env, "BARE_LOOKUP": "cached"}, BENCH_DIR),
        }
        series = {label: Series(label) for label in servers}
        running: dict[str, Server] = {}
        contexts = []
        try:
            for label, (spec, app_env, cwd) in servers.items():
                log = dep.instance / f"{label.split(',')[0]}-{len(contexts)}.log"
                ctx = gunicorn(spec, app_env, log, HOST, cwd=cwd)
                running[label] = ctx.__enter__()
                contexts.append(ctx)
            for label, server in running.items():
                status, body = get(server.port, HOST)
                assert status == 200 and b"Deli Serdang" in body, label
                series[label].body_bytes = len(body)
                run_wrk(server.port, [HOST], "/", min(3.0, seconds), CONNECTIONS)  # warm-up
            labels = list(running)
            for index in range(rounds):
                order = labels if index % 2 == 0 else labels[::-1]
                for label in order:
                    measure(running[label], series[label], seconds)
        finally:
            for ctx in reversed(contexts):
                ctx.__exit__(None, None, None)
    platform = series["platform"]
    rows = []
    for label, s in series.items():
        # Per round, the two runs are adjacent in time: their ratio cancels machine drift.
        ratio = median([a / b for a, b in zip(platform.rps, s.rps, strict=True)])
        rows.append([
            backend, label, s.body_bytes, " / ".join(f"{x:.0f}" for x in s.rps),
            f"{median(s.rps):.0f}", f"{median(s.p50):.2f}",
            "—" if s is platform else f"{ratio:.3f}",
            "—" if s is platform else verdict(ratio >= GOAL),
        ])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2 rounds of 3 s instead of 5 of 8 s")
    args = parser.parse_args()
    rounds, seconds = (2, 3.0) if args.quick else (5, 8.0)
    backends = ["sqlite"] + (["postgresql"] if postgres_available() else [])
    rows = []
    for backend in backends:
        rows += bench_backend(backend, rounds, seconds)
        print(f"home: {backend} done", flush=True)
    body = f"""
Tenant home page (`GET /` with `Host: {HOST}`, one tenant with Pengumuman enabled)
against a bare Flask app (`benchmarks/bare_app.py`) that reads the same
control-plane rows (tenant by host, branding, enabled modules) with plain SQLAlchemy
and renders comparable HTML with Jinja. The bare app runs in two variants: querying
the database on every request, and caching the rows per worker after the first
request (as the platform's tenant registry does) — the stricter baseline.

Method: each app under gunicorn, {WORKERS} sync workers, no access log, worker stderr
(the platform's one log line per request) to a file; `wrk -t1 -c{CONNECTIONS}` on
127.0.0.1 with the Host header; {rounds} rounds of {seconds:g} s per app after a
warm-up, app order reversed every round (A B C, C B A, ...). The ratio is the median
over rounds of platform req/s ÷ this app's req/s in the same round (adjacent runs, so
slow drifts of this shared virtual machine affect both sides). The
platform runs with `KIBLAT_ENV=production` (JSON request logs). wrk shares the
machine's cores with the servers, identically for every app.
{"" if "postgresql" in backends else chr(10) + "PostgreSQL was not reachable: SQLite only." + chr(10)}
Goal: platform req/s ÷ bare req/s ≥ {GOAL}.

{table(["backend", "app", "page bytes", "req/s per round", "median req/s", "p50 ms",
        "median ratio platform ÷ this", "goal ≥ 0.95"], rows)}
"""
    path = write_result("home", "(a) Tenant home page vs a bare Flask app", body, args.quick)
    print(f"home: {path.name} written ({wrk_version()})")


if __name__ == "__main__":
    main()
