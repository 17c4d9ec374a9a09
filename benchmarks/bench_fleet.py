"""(b) p50 latency and worker RSS with 1,000 tenants ÷ with 1 tenant (goal ≤ 1.03 each);
(d) the largest PostgreSQL backend's RSS after serving 1,000 tenants (goal ≤ 50 MB).

Two deployments per backend, built with ``provision_tenant``: one with a single tenant,
one with the fleet. Each is served by gunicorn; wrk rotates the Host header over all
of a deployment's tenants. ``GET /`` and ``GET /pengumuman/`` are what an anonymous visitor
gets: pages kept per worker and renewed when the regency or its announcements change. As context,
``GET /pengumuman/?halaman=1`` (a query string is never kept) queries the tenant's own schema
(PostgreSQL) or file (SQLite) on every request.
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib.deploy import BASE_DOMAIN, Deployment, deployment, postgres_available, settle_postgres  # noqa: E402
from benchlib.fleet import FleetTimes, create_fleet, host_for  # noqa: E402
from benchlib.inproc import RUNS_PER_APP, paired_answer_us  # noqa: E402
from benchlib.interleave import BLOCK, run_interleaved  # noqa: E402
from benchlib.load import run_wrk  # noqa: E402
from benchlib.memory import rss_of  # noqa: E402
from benchlib.pgmem import BackendMemorySampler  # noqa: E402
from benchlib.report import geometric_mean, median, table, verdict, write_result  # noqa: E402
from benchlib.server import WORKERS, Server, gunicorn  # noqa: E402

from kiblat.platform.core.config import BaseConfig  # noqa: E402

PLATFORM_APP = "kiblat.platform.core.wsgi:app"
PATHS = ("/", "/pengumuman/")
UNKEPT_PATH = "/pengumuman/?halaman=1"  # the same list, made again on every request
# One request at a time: p50 is service time, without queueing or the two workers and the client
# competing for 2 cores (with 2 connections, run-to-run p50 varied ~10% on the same server, ~3% with 1).
CONNECTIONS = 1
# wrk on one CPU, the server under test on another: where the scheduler puts them each run
# would otherwise change p50 by more than the difference measured. None with a single CPU.
LOAD_CPUS, SERVER_CPUS = ({0}, {1}) if {0, 1} <= os.sched_getaffinity(0) else (None, None)
# Both servers run at once and the interleaving client (benchlib/interleave.py) alternates blocks
# of requests between them for RUN_SECONDS: runs of one server after the other, even 1 s long,
# saw different machine states (pair ratios from 0.78 to 1.27 around a median of ~1.02).
# Servers are started SESSIONS times, each order as often: the server started first measures
# slower. Two servers of the same 1,000-tenant deployment, measured this way in 4 sessions: the
# first-started one 1.1-1.2% slower in each, the geometric mean of the 4 ratios 1.000. The
# ratio is that geometric mean of the sessions' ratios: it cancels the order effect when both
# orders count the same.
SESSIONS = 6
RUN_SECONDS = 10.0  # one interleaved run per path and session
QUICK_SESSIONS, QUICK_RUN_SECONDS = 2, 3.0
MEMORY_CONNECTIONS = 2  # (d): both workers' pools busy at once
RATIO_GOAL = 1.03
CREATION_GOAL = 1.2  # fleet creation: mean per tenant, last tenth ÷ first tenth
BACKEND_RSS_GOAL_MB = 50
HIGH_LIMIT = 1_000_000
WARM_SECONDS = 5.0  # one warm-up run
WARM_ASKS = 8  # every host asked at least this many times in the warm-up: each of 2 workers misses one 1 in 128
WARM_RUNS_MAX = 6
IN_PROCESS_PASSES = 4  # in-process runs ask every tenant of the fleet this many times
IN_PROCESS_MIN_REQUESTS = 16_000  # ... and last at least ~0.2 s


def hosts(count: int) -> list[str]:
    return [host_for(i, BASE_DOMAIN) for i in range(count)]


def serve(stack: ExitStack, dep: Deployment, name: str, cpus: set[int] | None = None, **env: str) -> Server:
    log = dep.instance / f"{name}.log"
    return stack.enter_context(
        gunicorn(PLATFORM_APP, dep.process_environ(**env), log, hosts(1)[0], cpus=cpus)
    )


def warm_up(server: Server, host_list: list[str], path: str, seconds: float) -> None:
    """Serves ``path`` until every host was asked at least ``WARM_ASKS`` times, so that each
    worker has all but surely made and kept its pages (a request goes to whichever worker
    accepts it first), or for ``WARM_RUNS_MAX`` runs (pages never kept are slow to ask)."""
    asked = 0
    for _ in range(WARM_RUNS_MAX):
        asked += run_wrk(server.port, host_list, path, seconds, CONNECTIONS, cpus=LOAD_CPUS).requests
        if asked >= WARM_ASKS * len(host_list):
            return


@dataclass(frozen=True)
class SessionP50:
    one_us: float
    fleet_us: float
    fleet_first: bool  # the fleet's server was started first

    @property
    def ratio(self) -> float:
        return self.fleet_us / self.one_us


def paired_p50(one: Deployment, fleet: Deployment, count: int, paths: list[str], sessions: int,
               seconds: float, name: str, **env: str) -> tuple[dict[str, list[SessionP50]], dict[int, float]]:
    """p50 of each path on the 1-tenant and the ``count``-tenant server, in one interleaved run per
    session after a warm-up of each; the servers of each session started in turn, which first
    alternating; and the largest worker RSS of each deployment after its runs."""
    if sessions % 2:
        raise ValueError("an even number of sessions: each start order as often")
    deployments, lists = {1: one, count: fleet}, {1: hosts(1), count: hosts(count)}
    p50: dict[str, list[SessionP50]] = {path: [] for path in paths}
    rss = dict.fromkeys(deployments, 0.0)
    for session in range(sessions):
        order = [1, count] if session % 2 == 0 else [count, 1]
        with ExitStack() as stack:
            servers = {n: serve(stack, deployments[n], f"{name}-{n}-{session}", SERVER_CPUS, **env) for n in order}
            for path in paths:
                for n in order:
                    warm_up(servers[n], lists[n], path, WARM_SECONDS)
                result = run_interleaved((servers[1].port, servers[count].port), (lists[1], lists[count]),
                                         path, seconds, cpus=LOAD_CPUS)
                if any(result.errors):
                    raise RuntimeError(f"{path}: {result.errors} errors")
                p50[path].append(SessionP50(result.p50_us[0], result.p50_us[1], order[0] == count))
            for n, server in servers.items():
                rss[n] = max(rss[n], max(r.total_kb for r in rss_of(server.worker_pids())) / 1024)
    return p50, rss


def p50_row(sessions: list[SessionP50], count: int, path: str, label: str) -> list[object]:
    """The ratio is the geometric mean of the sessions' ratios (each start order counted
    equally); the p50 columns are the medians of the sessions' p50s."""
    ratio = geometric_mean([s.ratio for s in sessions])
    print(f"fleet: {path} p50 µs (1 tenant, {count} tenants, ratio, started first) "
          f"{[(s.one_us, s.fleet_us, round(s.ratio, 4), count if s.fleet_first else 1) for s in sessions]}"
          f" -> {ratio:.3f}", flush=True)
    return [label, f"{median([s.one_us for s in sessions]) / 1000:.3f} ms",
            f"{median([s.fleet_us for s in sessions]) / 1000:.3f} ms", f"{ratio:.3f}",
            verdict(ratio <= RATIO_GOAL)]


def latency_and_rss(one: Deployment, fleet: Deployment, count: int, sessions: int,
                    seconds: float) -> list[list[object]]:
    p50, rss = paired_p50(one, fleet, count, [*PATHS, UNKEPT_PATH], sessions, seconds, "serve")
    rows = [p50_row(p50[path], count, path, f"p50 `GET {path}`") for path in PATHS]
    unkept = p50_row(p50[UNKEPT_PATH], count, UNKEPT_PATH, f"p50 `GET {UNKEPT_PATH}` (never kept)")
    rows.append([*unkept[:-1], "context"])
    ratio = rss[count] / rss[1]
    rows.append(["largest worker RSS", f"{rss[1]:.1f} MB", f"{rss[count]:.1f} MB",
                 f"{ratio:.3f}", verdict(ratio <= RATIO_GOAL)])
    return rows


def module_page_without_recycling(one: Deployment, fleet: Deployment, count: int, sessions: int,
                                  seconds: float) -> list[object]:
    """PostgreSQL, as context: the module page made on every request compared again with pooled connections never
    recycled (``TENANT_SCHEMAS_PER_CONNECTION`` too high to reach). Each backend then keeps the
    catalog entries of every schema it has served, which is the memory (d) bounds; with the
    default limit, a backend serving a rotating fleet meets most schemas for the first time."""
    env = {"KIBLAT_TENANT_SCHEMAS_PER_CONNECTION": str(HIGH_LIMIT)}
    p50, _ = paired_p50(one, fleet, count, [UNKEPT_PATH], sessions, seconds, "kept", **env)
    row = p50_row(p50[UNKEPT_PATH], count, UNKEPT_PATH,
                  f"p50 `GET {UNKEPT_PATH}`, connections never recycled ({HIGH_LIMIT:,} schemas)")
    row[-1] = "context"
    return row


def app_time_in_process(one: Deployment, fleet: Deployment, count: int) -> list[list[object]]:
    """Context: the application's own time per answer of each kept page, 1 vs ``count``
    tenants, called in this process without a server (``benchlib/inproc.py``)."""
    rows = []
    for path in PATHS:
        times = paired_answer_us({1: one.environ(), count: fleet.environ()}, {1: hosts(1), count: hosts(count)},
                                 path, max(IN_PROCESS_PASSES * count, IN_PROCESS_MIN_REQUESTS), one.instance / "in-process.log")
        ratios = [f / o for o, f in zip(times[1], times[count], strict=True)]
        more = median(times[count]) - median(times[1])
        print(f"fleet: {path} in process µs, 1 tenant {[round(t, 1) for t in times[1]]}, "
              f"{count} tenants {[round(t, 1) for t in times[count]]}", flush=True)
        rows.append([f"application's own time per answer of `GET {path}`, in process ({more:+.1f} µs)",
                     f"{median(times[1]):.1f} µs", f"{median(times[count]):.1f} µs", f"{median(ratios):.3f}", "context"])
    return rows


def backend_memory(fleet: Deployment, count: int, seconds: float) -> list[list[object]]:
    rows: list[list[object]] = []
    assert fleet.database_name is not None
    for label, env in ((f"default ({BaseConfig.TENANT_SCHEMAS_PER_CONNECTION})", {}),
                       (f"{HIGH_LIMIT:,}", {"KIBLAT_TENANT_SCHEMAS_PER_CONNECTION": str(HIGH_LIMIT)})):
        with ExitStack() as stack:
            server = serve(stack, fleet, f"pgmem-{len(rows)}", **env)
            with BackendMemorySampler(fleet.database_name) as sampler:
                result = run_wrk(server.port, hosts(count), UNKEPT_PATH, seconds, MEMORY_CONNECTIONS)
            if result.errors:
                raise RuntimeError(f"{result.errors} errors")
        peak = sampler.peak
        assert peak is not None
        rows.append([label, f"{result.requests:,}", len(sampler.backends_seen),
                     f"{peak.total_mb:.1f} MB", f"{sampler.peak_anon_kb / 1024:.1f} MB",
                     verdict(peak.total_mb <= BACKEND_RSS_GOAL_MB) if not env else "context: why connections are recycled"])
    return rows


def bench_backend(backend: str, count: int, sessions: int, seconds: float,
                  pg_seconds: float) -> tuple[FleetTimes, list, list]:
    with deployment(backend, "one") as one, deployment(backend, "fleet") as fleet:
        create_fleet(one.environ(), 1)
        # The first tenants must not pay for the previous benchmark's writes, nor the last
        # ones for a checkpoint the fleet's own writes trigger part-way (benchlib/fleet.py).
        times = create_fleet(fleet.environ(), count, jobs=2,
                             settle=settle_postgres if backend == "postgresql" else None)
        print(f"fleet: {backend}: {count} tenants created in {times.seconds:.0f}s", flush=True)
        rows = latency_and_rss(one, fleet, count, sessions, seconds)
        rows += app_time_in_process(one, fleet, count)
        memory = []
        if backend == "postgresql":
            rows.append(module_page_without_recycling(one, fleet, count, sessions, seconds))
            memory = backend_memory(fleet, count, pg_seconds)
    return times, rows, memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="200 tenants, shorter runs")
    parser.add_argument("--tenants", type=int, help="fleet size (default 1000, quick 200)")
    args = parser.parse_args()
    count = args.tenants or (200 if args.quick else 1000)
    sessions, seconds, pg_seconds = ((QUICK_SESSIONS, QUICK_RUN_SECONDS, 5.0) if args.quick
                                     else (SESSIONS, RUN_SECONDS, 20.0))
    backends = (["postgresql"] if postgres_available() else []) + ["sqlite"]
    creation, latency, memory = [], [], []
    for backend in backends:
        times, rows, mem = bench_backend(backend, count, sessions, seconds, pg_seconds)
        growth = times.last_avg_ms / times.first_avg_ms
        creation.append([backend, times.tenants, f"{times.seconds:.0f} s",
                         f"{times.first_avg_ms:.0f} ms", f"{times.last_avg_ms:.0f} ms", f"**{growth:.2f}**",
                         verdict(growth <= CREATION_GOAL)])
        latency += [[backend, *row] for row in rows]
        memory += mem
    body = f"""
### (b) {count:,} tenants vs 1 tenant

Method: two deployments per backend, each under gunicorn ({WORKERS} sync workers): one
holding 1 tenant, one holding {count:,} (all with Pengumuman). Both servers run at the same time
(on CPU 1 when there are two CPUs; the client on CPU 0). Per path, each server is first warmed up
by wrk runs of {WARM_SECONDS:g} s rotating the Host header over every tenant of its deployment
(`benchmarks/rotate_hosts.lua`) until every tenant was asked at least {WARM_ASKS} times (at most
{WARM_RUNS_MAX} runs). Then `benchmarks/interleave.c` (a small C client, built on first use)
asks both for {seconds:g} s, one request at a time (p50 is service time, without queueing), {BLOCK}
requests to one server then {BLOCK} to the other, which goes first alternating, each rotating over
its own tenants; a request's latency runs from writing it to the last byte of its answer, as wrk
measures it. Interleaved, both servers share every state the machine goes through: it moves
between speed states for seconds at a time, and runs of one server after the other, even 1 s
long, gave pair ratios from 0.78 to 1.27. The servers are started {sessions} times, each
deployment's first as often: the server started first measures slower (two servers of the same
1,000-tenant deployment, 4 sessions: the first-started one 1.1-1.2% slower in each; the
geometric mean of the 4 ratios 1.000). The ratio is the geometric mean of the sessions' ratios,
so that order effect cancels; the p50 columns are the
medians of the sessions' p50s. Worker RSS (VmRSS) is read from `/proc` after all runs of a
session, the largest over the sessions.

`GET /` and `GET /pengumuman/` are what every anonymous visitor gets: pages each
worker keeps per regency (compressed) and makes again when the regency or one of its
announcements changes (any worker's change, seen at its next control-plane check). As context,
`GET {UNKEPT_PATH}` is the same list made on every request (a query string is never kept):
it opens the tenant's schema (PostgreSQL) or file (SQLite, at most 128 open engines per worker)
each time, as signed-in visitors' pages do.

As context, "in process" rows are the application's own time to answer a kept page: the
deployment's app called directly in the benchmark's process (no gunicorn, socket or HTTP), each
run asking every tenant {IN_PROCESS_PASSES} times (at least {IN_PROCESS_MIN_REQUESTS:,} requests), {RUNS_PER_APP} runs per deployment alternating;
the ratio is the median of the pairs' ratios, and the µs in the label is how much longer the
{count:,}-tenant app takes per answer (median of runs): compare it with the p50 above, most of which is the
server's own work on a connection.

Goal: {count:,}-tenant value ÷ 1-tenant value ≤ {RATIO_GOAL} for p50 and RSS. On PostgreSQL the
unkept page is measured a second time, as context, with pooled connections never recycled: the
difference between the two rows is the latency price of the memory bound of (d) (a recycled
backend meets most schemas of a rotating fleet for the first time and loads their catalog entries).

{table(["backend", "measure", "1 tenant", f"{count:,} tenants", "ratio", f"goal ≤ {RATIO_GOAL}"], latency)}

Creating the fleet with `provision_tenant` (core migrations, kecamatan/desa, Pengumuman
migration and seed; 2 processes in parallel). Fleets larger than Indonesia's 514
kabupaten/kota use synthetic regencies for the rest, each given the kecamatan and desa of a real
one: tenant *i* those of tenant *i* mod 100, so the last tenth loads exactly the regions the first
tenth loaded (`benchmarks/benchlib/fleet.py`). On PostgreSQL a `CHECKPOINT` runs before the first
tenth and again before the last tenth (the wall time includes it), so both tenths start in the same
state of the write-ahead log: otherwise a checkpoint triggered by the fleet's own WAL volume
(about every 600 tenants here) overlaps whichever tenants are being created then, flushing and
fsyncing every file they touched, whatever the fleet's size. Goal: mean per tenant of the last 10%
÷ the first 10% ≤ {CREATION_GOAL}.

{table(["backend", "tenants", "wall time", "mean per tenant, first 10%",
        "mean per tenant, last 10%", "last ÷ first", f"goal ≤ {CREATION_GOAL}"], creation)}
"""
    if memory:
        body += f"""
### (d) PostgreSQL backend memory after serving {count:,} tenants

Method: a fresh gunicorn ({WORKERS} sync workers) on the {count:,}-tenant deployment;
wrk (2 connections) rotates `GET {UNKEPT_PATH}` over every tenant for {pg_seconds:g} s (each request
queries the tenant's schema) while a sampler reads, every 0.25 s, VmRSS and RssAnon
(private memory: catalog caches, without shared buffers) of every client backend of
the database from `/proc/<pid>/status`. Peak values are reported, with the default
`TENANT_SCHEMAS_PER_CONNECTION` (the goal applies to it) and, as context, with a limit too high
to ever recycle: what a backend would grow to without the limit.

Goal: largest backend VmRSS ≤ {BACKEND_RSS_GOAL_MB} MB.

{table(["schemas per connection", "requests", "backends seen", "largest VmRSS",
        "largest RssAnon", "goal ≤ 50 MB"], memory)}
"""
    path = write_result("fleet", "(b, d) Many tenants: latency, worker and database memory",
                        body, args.quick)
    print(f"fleet: {path.name} written")


if __name__ == "__main__":
    main()
