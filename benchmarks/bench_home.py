"""(a) Tenant home page throughput: the platform ÷ the same platform with the tenant pinned
(tenancy alone), and ÷ a bare Flask app on the same database.

Every app runs under gunicorn with identical settings; wrk alternates between them
(order reversed every round) so drift affects all equally. Goals: platform ÷ pinned ≥ 0.97;
platform ÷ bare app caching the rows per worker ≥ 0.85 (≥ 0.95 next).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib.deploy import BASE_DOMAIN, deployment, postgres_available  # noqa: E402
from benchlib.fleet import HOME_TENANT, create_fleet  # noqa: E402
from benchlib.load import run_wrk, wrk_version  # noqa: E402
from benchlib.report import median, table, verdict, write_result  # noqa: E402
from benchlib.server import WORKERS, Server, get, gunicorn  # noqa: E402

# Goal per comparison (platform ÷ that app); the bare app querying every request has none.
GOALS = {"platform, tenant pinned": 0.97, "bare, cached per worker": 0.85}
PINNED_APP = "pinned_app:app"
UNCACHED = "platform, response cache off"
UNCACHED_PINNED = "platform, tenant pinned, response cache off"
TENANCY_UNCACHED = "response cache off: by host ÷ tenant pinned"
HOST = f"{HOME_TENANT[1]}.{BASE_DOMAIN}"
BENCH_DIR = Path(__file__).resolve().parent
PLATFORM_APP = "kiblat.platform.core.wsgi:app"
CONNECTIONS = 4


@dataclass
class Series:
    label: str
    rps: list[float] = field(default_factory=list)
    p50: list[float] = field(default_factory=list)
    cpu_us: list[float] = field(default_factory=list)  # worker CPU time per request
    body_bytes: int = 0


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far (``/proc/<pid>/stat``)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def measure(server: Server, series: Series, seconds: float) -> None:
    workers = server.worker_pids()
    before = cpu_seconds(workers)
    result = run_wrk(server.port, [HOST], "/", seconds, CONNECTIONS)
    used = cpu_seconds(workers) - before
    if result.errors:
        raise RuntimeError(f"{series.label}: {result.errors} errors during the run")
    series.rps.append(result.rps)
    series.p50.append(result.p50_ms)
    series.cpu_us.append(used / max(result.requests, 1) * 1e6)


def bench_backend(backend: str, rounds: int, seconds: float) -> tuple[list[list[object]],
                                                                    dict[str, tuple[float, float]]]:
    with deployment(backend, "home") as dep:
        create_fleet(dep.environ(), 1)
        env = dep.process_environ()
        pinned = {**env, "BENCH_PIN_TENANT": HOME_TENANT[1]}
        servers = {
            "platform": (PLATFORM_APP, env, None),
            "platform, tenant pinned": (PINNED_APP, pinned, BENCH_DIR),
            UNCACHED: (PINNED_APP, {**env, "BENCH_RESPONSE_CACHE": "off"}, BENCH_DIR),
            UNCACHED_PINNED: (PINNED_APP, {**pinned, "BENCH_RESPONSE_CACHE": "off"}, BENCH_DIR),
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
    rows, ratios = [], {}
    for label, s in series.items():
        # Per round, the runs are adjacent in time: their ratio cancels machine drift.
        ratio = median([a / b for a, b in zip(platform.rps, s.rps, strict=True)])
        # The same comparison in worker CPU time per request (this app's ÷ the platform's):
        # what the req/s ratio would be on cores of their own, little moved by other load.
        cpu_ratio = median([b / a for a, b in zip(platform.cpu_us, s.cpu_us, strict=True)])
        ratios[label] = (ratio, cpu_ratio)
        if label == UNCACHED_PINNED:
            # Tenancy alone when every hook runs: response cache off, by host ÷ pinned.
            off = series[UNCACHED]
            ratios[TENANCY_UNCACHED] = (
                median([a / b for a, b in zip(off.rps, s.rps, strict=True)]),
                median([b / a for a, b in zip(off.cpu_us, s.cpu_us, strict=True)]))
        goal = GOALS.get(label)
        rows.append([
            backend, label, s.body_bytes, " / ".join(f"{x:.0f}" for x in s.rps),
            f"{median(s.rps):.0f}", f"{median(s.p50):.2f}", f"{median(s.cpu_us):.0f}",
            "—" if s is platform else f"{ratio:.3f}", "—" if s is platform else f"{cpu_ratio:.3f}",
            "—" if goal is None else f"≥ {goal}", "—" if goal is None else verdict(ratio >= goal),
        ])
    return rows, ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2 rounds of 3 s instead of 5 of 8 s")
    parser.add_argument("--rounds", type=int, help="rounds per backend (default 5, quick 2)")
    args = parser.parse_args()
    rounds, seconds = (2, 3.0) if args.quick else (5, 8.0)
    rounds = args.rounds or rounds
    backends = ["sqlite"] + (["postgresql"] if postgres_available() else [])
    rows, headline = [], []
    for backend in backends:
        backend_rows, ratios = bench_backend(backend, rounds, seconds)
        rows += backend_rows
        for label, goal in GOALS.items():
            ratio, cpu_ratio = ratios[label]
            headline.append([backend, f"platform ÷ {label.removeprefix('platform, ')}", f"**{ratio:.3f}**",
                             f"{cpu_ratio:.3f}", f"≥ {goal}", verdict(ratio >= goal)])
        for label in (UNCACHED, TENANCY_UNCACHED):
            ratio, cpu_ratio = ratios[label]
            name = f"platform ÷ {label.removeprefix('platform, ')}" if label == UNCACHED else label
            headline.append([backend, name, f"{ratio:.3f}", f"{cpu_ratio:.3f}", "—", "context"])
        print(f"home: {backend} done", flush=True)
    body = f"""
Tenant home page (`GET /` with `Host: {HOST}`, one tenant with Pengumuman enabled), anonymous,
against other apps serving the same page from the same database:

* **platform**: as deployed. An anonymous visitor's home page is answered by the anonymous
  response cache (`platform/web/response_cache.py`): the finished response the app made for
  that host and path, kept while the tenant registry's snapshot is unchanged, with the request's
  own log line, metrics and request id, without running the app's hooks again.
* **platform, tenant pinned** (`benchmarks/pinned_app.py`): the same platform, every hook
  included, but the tenant is fixed by the benchmark instead of resolved from the Host header
  (a switch only this benchmark has). Platform ÷ pinned is the price of **tenancy alone**.
* **platform, response cache off** (the same file, `BENCH_RESPONSE_CACHE=off`), also pinned:
  every request runs every hook of the app (session, CSRF, tenant resolution, security headers,
  compression, log line, metrics), as a page that is not kept or a signed-in visitor does.
  Shown as context: the first two goals are judged on the platform as deployed.
* **bare** (`benchmarks/bare_app.py`): a bare Flask app that reads the same control-plane rows
  (tenant by host, branding, enabled modules) with plain SQLAlchemy and renders comparable HTML
  with Jinja, either querying the database on every request or caching the rows per worker
  after the first request (as the platform's tenant registry does) — the strict baseline. It
  has no sessions, CSRF, security headers, request log, translations or module guard.

{table(["backend", "comparison", "req/s ratio (median of rounds)", "CPU-time ratio", "goal", "result"],
       headline)}

Method: each app under gunicorn, {WORKERS} sync workers, no access log, worker stderr
(the platform's one log line per request) to a file; `wrk -t1 -c{CONNECTIONS}` on
127.0.0.1 with the Host header; {rounds} rounds of {seconds:g} s per app after a
warm-up, app order reversed every round (A B C D, D C B A, ...). A ratio is the median
over rounds of platform req/s ÷ the other app's req/s in the same round (adjacent runs, so
slow drifts of this shared virtual machine affect both sides). The
platform runs with `KIBLAT_ENV=production` (JSON request logs). wrk shares the
machine's cores with the servers, identically for every app. Absolute req/s depend on what
else the machine runs at the time and are context only; compare ratios. The goals are judged on
the req/s ratio. The CPU-time ratio is a cross-check that a busy machine hardly moves: the
workers' user + system CPU time (`/proc/<pid>/stat`) per request served, the other app's ÷ the
platform's, median over the same rounds.
{"" if "postgresql" in backends else chr(10) + "PostgreSQL was not reachable: SQLite only." + chr(10)}
{table(["backend", "app", "page bytes", "req/s per round", "median req/s", "p50 ms", "CPU µs per request",
        "req/s ratio platform ÷ this", "CPU-time ratio", "goal", "result"], rows)}
"""
    path = write_result("home", "(a) Tenant home page: tenancy alone, and vs a bare Flask app", body,
                        args.quick)
    print(f"home: {path.name} written ({wrk_version()})")


if __name__ == "__main__":
    main()
