"""(a) Tenant home page throughput: the platform ÷ the same platform with the tenant pinned
(tenancy alone), and ÷ a bare Flask app on the same database.

Every app runs under gunicorn with identical settings. The platform and the app it is compared
with are loaded at the same moment, sharing one core, so whatever else the machine does slows
both alike. Goals: platform ÷ pinned ≥ 0.97; platform ÷ bare app caching the rows per worker
≥ 0.85 (≥ 0.95 next).
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib.cpu import cpu_seconds  # noqa: E402
from benchlib.deploy import BASE_DOMAIN, Deployment, deployment, postgres_available  # noqa: E402
from benchlib.fleet import HOME_TENANT, create_fleet  # noqa: E402
from benchlib.load import LoadResult, run_wrk, wrk_version  # noqa: E402
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
# Per app: more connections than workers, so both apps of a pair always have work waiting and
# the kernel shares the core between them evenly; each then serves in proportion to how
# little CPU a request costs it.
CONNECTIONS = 4
# Both wrk processes on one core, every server under test on the other.
LOAD_CPUS, SERVER_CPUS = ({0}, {1}) if {0, 1} <= os.sched_getaffinity(0) else (None, None)
# The servers are started twice, the second time in reverse order: the one started first ran
# ~1% slower than an identical one started after it, on every try.
SESSIONS = 2


@dataclass
class Series:
    label: str
    rps: list[float] = field(default_factory=list)  # while sharing the core with the platform
    p50: list[float] = field(default_factory=list)
    cpu_us: list[float] = field(default_factory=list)  # worker CPU time per request
    ratio: list[float] = field(default_factory=list)  # platform req/s ÷ this app's, same run
    cpu_ratio: list[float] = field(default_factory=list)  # this app's CPU time ÷ the platform's
    body_bytes: int = 0


def _load(server: Server, seconds: float) -> LoadResult:
    return run_wrk(server.port, [HOST], "/", seconds, CONNECTIONS, cpus=LOAD_CPUS)


def measure_pair(pool: ThreadPoolExecutor, servers: dict[str, Server], label: str, seconds: float,
                 platform_first: bool, series: dict[str, Series]) -> None:
    """The platform and ``label`` under load together; which wrk starts first alternates."""
    pair = ["platform", label] if platform_first else [label, "platform"]
    workers = {name: servers[name].worker_pids() for name in pair}
    before = {name: cpu_seconds(pids) for name, pids in workers.items()}
    runs = {name: pool.submit(_load, servers[name], seconds) for name in pair}
    results = {name: run.result() for name, run in runs.items()}
    cpu_us = {}
    for name, result in results.items():
        if result.errors:
            raise RuntimeError(f"{name}: {result.errors} errors during the run")
        cpu_us[name] = (cpu_seconds(workers[name]) - before[name]) / max(result.requests, 1) * 1e6
    for name in pair:
        series[name].rps.append(results[name].rps)
        series[name].p50.append(results[name].p50_ms)
        series[name].cpu_us.append(cpu_us[name])
    series[label].ratio.append(results["platform"].rps / results[label].rps)
    series[label].cpu_ratio.append(cpu_us[label] / cpu_us["platform"])


def start_servers(stack: ExitStack, dep: Deployment, apps: dict[str, tuple], order: list[str],
                  session: int) -> dict[str, Server]:
    servers = {}
    for label in order:
        spec, app_env, cwd = apps[label]
        log = dep.instance / f"{label.split(',')[0]}-{session}-{len(servers)}.log"
        servers[label] = stack.enter_context(gunicorn(spec, app_env, log, HOST, cwd=cwd, cpus=SERVER_CPUS))
    return servers


def bench_backend(backend: str, rounds: int, seconds: float) -> tuple[list[list[object]],
                                                                    dict[str, tuple[float, float]]]:
    with deployment(backend, "home") as dep:
        create_fleet(dep.environ(), 1)
        env = dep.process_environ()
        pinned = {**env, "BENCH_PIN_TENANT": HOME_TENANT[1]}
        apps = {
            "platform": (PLATFORM_APP, env, None),
            "platform, tenant pinned": (PINNED_APP, pinned, BENCH_DIR),
            UNCACHED: (PINNED_APP, {**env, "BENCH_RESPONSE_CACHE": "off"}, BENCH_DIR),
            UNCACHED_PINNED: (PINNED_APP, {**pinned, "BENCH_RESPONSE_CACHE": "off"}, BENCH_DIR),
            "bare, query per request": ("bare_app:app", {**env, "BARE_LOOKUP": "request"}, BENCH_DIR),
            "bare, cached per worker": ("bare_app:app", {**env, "BARE_LOOKUP": "cached"}, BENCH_DIR),
        }
        series = {label: Series(label) for label in apps}
        others = [label for label in apps if label != "platform"]
        labels = list(apps)
        with ThreadPoolExecutor(2) as pool:
            for session in range(SESSIONS):
                with ExitStack() as stack:
                    servers = start_servers(stack, dep, apps, labels if session % 2 == 0 else labels[::-1],
                                            session)
                    for label, server in servers.items():
                        status, body = get(server.port, HOST)
                        assert status == 200 and b"Deli Serdang" in body, label
                        series[label].body_bytes = len(body)
                        _load(server, 3.0)  # warm-up
                    for index in range(rounds):
                        for label in others if index % 2 == 0 else others[::-1]:
                            measure_pair(pool, servers, label, seconds, (index + session) % 2 == 0, series)
    rows, ratios = [], {}
    for label, s in series.items():
        columns: list[object] = ["—"] * 5  # the platform is not compared with itself
        if s.ratio:
            ratio, cpu_ratio = median(s.ratio), median(s.cpu_ratio)
            ratios[label] = (ratio, cpu_ratio)
            goal = GOALS.get(label)
            columns = [" / ".join(f"{x:.3f}" for x in s.ratio), f"{ratio:.3f}", f"{cpu_ratio:.3f}",
                       "—" if goal is None else f"≥ {goal}", "—" if goal is None else verdict(ratio >= goal)]
        rows.append([backend, label, s.body_bytes, f"{median(s.rps):.0f}", f"{median(s.p50):.2f}",
                     f"{median(s.cpu_us):.0f}", *columns])
    # Tenancy alone when every hook runs: response cache off, by host ÷ pinned, both against
    # the same platform runs' neighbours (a ratio of the two ratios, per round).
    off, off_pinned = series[UNCACHED], series[UNCACHED_PINNED]
    ratios[TENANCY_UNCACHED] = (
        median([b / a for a, b in zip(off.ratio, off_pinned.ratio, strict=True)]),
        median([b / a for a, b in zip(off.cpu_ratio, off_pinned.cpu_ratio, strict=True)]))
    return rows, ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1 round of 2 s per session instead of 6 of 3 s")
    parser.add_argument("--rounds", type=int, help="rounds per session (default 6, quick 1)")
    args = parser.parse_args()
    rounds, seconds = (1, 2.0) if args.quick else (6, 3.0)
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

{table(["backend", "comparison", "req/s ratio (median of runs)", "CPU-time ratio", "goal", "result"],
       headline)}

Method: each app under gunicorn, {WORKERS} sync workers, no access log, worker stderr
(the platform's one log line per request) to a file; the platform runs with
`KIBLAT_ENV=production` (JSON request logs). Every server runs on one core of the machine and
wrk on the other. The platform and the app it is compared with are loaded **at the same time**
for {seconds:g} s, each by its own `wrk -t1 -c{CONNECTIONS}` on 127.0.0.1 with the Host header:
both always have requests waiting, the kernel gives each half of the core, and each serves in
proportion to how little CPU its requests cost. Whatever else this shared virtual machine does
during those seconds slows both alike, which one after the other it did not (identical apps
measured one after the other differed by up to 30% between adjacent 2 s runs; at the same time,
by up to 10%). A round measures the platform against each other app in turn; the order of the
apps is reversed every round and which wrk starts first alternates. The servers are started
{SESSIONS} times, the second time in reverse order, {rounds} rounds each: of two identical apps,
the one started first ran ~1% slower on every try. A ratio is the median over all
{SESSIONS * rounds} rounds of platform req/s ÷ the other app's req/s in the same run; the goals
are judged on it. The CPU-time ratio is a cross-check: the workers' user + system CPU time
(`/proc/<pid>/stat`) per request served, the other app's ÷ the platform's, median over the same
runs. Absolute req/s are those of an app sharing its core with the platform (about half of what
it serves alone) and are context only.
{"" if "postgresql" in backends else chr(10) + "PostgreSQL was not reachable: SQLite only." + chr(10)}
{table(["backend", "app", "page bytes", "median req/s (sharing the core)", "p50 ms", "CPU µs per request",
        "platform ÷ this, per round", "req/s ratio platform ÷ this", "CPU-time ratio", "goal", "result"], rows)}
"""
    path = write_result("home", "(a) Tenant home page: tenancy alone, and vs a bare Flask app", body,
                        args.quick)
    print(f"home: {path.name} written ({wrk_version()})")


if __name__ == "__main__":
    main()
