"""Provisioning benchmark: one regency with two real modules (Sri Deli and Jumpa Madu) end to
end, in process and through ``kiblat tenants create --template deliserdang`` (beyond the CLI's
own start-up), and a whole province with create-many. Both backends, always (PostgreSQL: the
local server, or ``KIBLAT_BENCH_POSTGRES_URL``); writes ``results/provisioning.md``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr
from io import StringIO
from pathlib import Path

from aiosmtpd.controller import Controller
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib.apps import scratch_postgres  # noqa: E402
from benchlib.deploy import deployment, require_postgres, settle_postgres  # noqa: E402
from benchlib.report import table, verdict, write_result  # noqa: E402
from benchlib.server import free_port  # noqa: E402

MODULES = ("sri_deli", "jumpa_madu")
GOAL_S = 0.5
PROVINCE = "12"  # Sumatera Utara: 33 kabupaten/kota
TEMPLATE = ("12.07", "deliserdang")
JOBS = 4


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


def _spec(code: str, modules: tuple[str, ...] = MODULES) -> dict:
    return {"region": code, "modules": {key: {} for key in modules},
            "users": [{"name": "Admin", "email": f"admin{code.replace('.', '')}@bench.example.id", "role": "admin"}]}


def _regencies(province: str) -> list[str]:
    from kiblat.platform.core.extensions import db
    from kiblat.platform.regions.models import Regency

    return list(db.session.scalars(select(Regency.code).where(Regency.province_code == province).order_by(Regency.code)))


def bench_single(database_url: str | None, runs: int) -> list[float]:
    """Seconds per regency (Aceh's first ``runs``), after one warm-up regency in Bali."""
    from kiblat.provisioning.run import provision_now

    app = _app(database_url)
    times = []
    with app.app_context(), redirect_stderr(StringIO()):  # invitation emails go to the console
        provision_now(_spec(_regencies("51")[0]))  # warm-up: first imports of module code
        for code in _regencies("11")[:runs]:
            started = time.perf_counter()
            provision_now(_spec(code))
            times.append(time.perf_counter() - started)
    return times


class CountingInbox:
    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, _server, _session, _envelope) -> str:  # noqa: ANN001, N802 — aiosmtpd's hook
        self.received += 1
        return "250 OK"


@contextmanager
def smtp_inbox() -> Iterator[tuple[str, CountingInbox]]:
    """A local SMTP server: a deployment sends its invitations over SMTP, and without one each
    create would queue a retry job (loading the job queue) instead."""
    inbox = CountingInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{controller.port}", inbox
    finally:
        controller.stop()


# What ``kiblat tenants create`` does before it provisions anything: import the command, build
# the data app as the CLI does for one command, configure the ORM mappers (its first query does).
STARTUP_ONLY = """
import gc
from sqlalchemy.orm import configure_mappers
from kiblat.platform.cli import lazy
import kiblat.platform.cli.tenants_create
app = lazy.build_app(lazy.App.DATA)
gc.freeze()
configure_mappers()
"""


def bench_cli(backend: str, runs: int) -> tuple[list[float], list[float], list[float]]:
    """Wall seconds of ``kiblat --help``, of the create command's start-up alone (``STARTUP_ONLY``)
    and of ``kiblat tenants create --template deliserdang`` for ``runs`` North Sumatra cities,
    alternating (help, start-up, create, help, ...)."""
    from kiblat.migrations import runner
    from kiblat.platform.core.app import create_app
    from kiblat.platform.regions.sync import sync_regions
    from kiblat.provisioning.run import provision_now

    kiblat = str(Path(sys.executable).with_name("kiblat"))
    with deployment(backend, "cli") as dep:
        app = create_app(dep.environ())
        with app.app_context(), redirect_stderr(StringIO()):
            runner.upgrade_control_plane()
            sync_regions()
            provision_now({**_spec(TEMPLATE[0]), "slug": TEMPLATE[1]})
            cities = [c for c in _regencies(PROVINCE) if int(c.split(".")[1]) >= 71][:runs]
        with app.app_context():
            app.extensions["kiblat_tenant_engines"].dispose()
            from kiblat.platform.core.extensions import db

            db.engine.dispose()
        if backend == "postgresql":
            settle_postgres()
        helps, startups, creates = [], [], []
        with smtp_inbox() as (smtp_url, inbox):
            env = dep.process_environ(KIBLAT_SMTP_URL=smtp_url)
            for code in cities:
                started = time.perf_counter()
                subprocess.run([kiblat, "--help"], env=env, capture_output=True, check=True, timeout=120)
                helps.append(time.perf_counter() - started)
                started = time.perf_counter()
                subprocess.run([sys.executable, "-c", STARTUP_ONLY], env=env, capture_output=True, check=True,
                               timeout=120)
                startups.append(time.perf_counter() - started)
                command = [kiblat, "tenants", "create", "--region", code, "--modules", ",".join(MODULES),
                           "--template", TEMPLATE[1], "--admin-email", f"admin{code.replace('.', '')}@bench.example.id"]
                started = time.perf_counter()
                done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
                creates.append(time.perf_counter() - started)
                if done.returncode != 0:
                    raise RuntimeError(f"kiblat tenants create failed: {done.stdout[-1500:]}{done.stderr[-1500:]}")
            if inbox.received != len(cities):
                raise RuntimeError(f"{inbox.received} invitations sent for {len(cities)} regencies created")
    return helps, startups, creates


def bench_province(database_url: str) -> tuple[float, int, int]:
    from kiblat.platform.core.app import create_app
    from kiblat.provisioning.many import provision_many

    app = _app(database_url)
    with app.app_context(), redirect_stderr(StringIO()):
        specs = [(code, _spec(code, ("pengumuman",))) for code in _regencies(PROVINCE)]
        started = time.perf_counter()
        results = provision_many(specs, jobs=JOBS, app_factory=create_app)
        total = time.perf_counter() - started
    return total, len(results), sum(1 for r in results if not r.ok)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer regencies")
    args = parser.parse_args()
    single_runs, cli_runs = (3, 2) if args.quick else (7, 3)
    admin_url = require_postgres()  # the local server by default; stops loudly if unreachable
    rows, cli_rows = [], []
    for backend in ("sqlite", "postgresql"):
        drop = None
        url = None
        if backend == "postgresql":
            url, drop = scratch_postgres(admin_url)
            settle_postgres()
        try:
            times = bench_single(url, single_runs)
        finally:
            if drop is not None:
                drop()
        med = statistics.median(times)
        rows.append([backend, f"{med * 1000:.0f} ms", f"{min(times) * 1000:.0f} ms", f"{max(times) * 1000:.0f} ms",
                     f"≤ {GOAL_S * 1000:.0f} ms", verdict(med <= GOAL_S)])
        print(f"provisioning: {backend} in process {med * 1000:.0f} ms", flush=True)
        helps, startups, creates = bench_cli(backend, cli_runs)
        beyond = statistics.median([c - h for h, c in zip(helps, creates, strict=True)])
        startup_beyond = statistics.median([s - h for h, s in zip(helps, startups, strict=True)])
        cli_rows.append([backend, f"{statistics.median(helps):.2f} s", f"{statistics.median(creates):.2f} s",
                         f"{beyond * 1000:.0f} ms", f"{startup_beyond * 1000:.0f} ms", f"≤ {GOAL_S * 1000:.0f} ms",
                         verdict(beyond <= GOAL_S)])
        print(f"provisioning: {backend} through the CLI {beyond * 1000:.0f} ms beyond --help", flush=True)
    url, drop = scratch_postgres(admin_url)
    try:
        total, count, failed = bench_province(url)
    finally:
        drop()
    body = f"""
One regency end to end with two real modules, **Sri Deli and Jumpa Madu** (register,
schema/file, core migrations, its kecamatan and desa, branding, both modules' migrations and
seed data, one invited admin, activate). In process: median of {single_runs} regencies of Aceh
after one warm-up regency. Goal: median ≤ {GOAL_S:g} s on both backends.

{table(["backend", "median", "min", "max", "goal", "result"], rows)}

Through the command line, as an operator does it: `kiblat tenants create --region <kota>
--modules sri_deli,jumpa_madu --template deliserdang --admin-email …` (the configuration of
both modules copied from Deli Serdang; the invitation goes to a local SMTP server) for {cli_runs}
North Sumatra cities, each run right after a
`kiblat --help` (Python start-up and the CLI's own imports); "beyond start-up" is the median of
create − help over the pairs. Goal: ≤ {GOAL_S:g} s beyond `kiblat --help`. As context, "of which
start-up alone" times a process that does what the command does before it provisions anything
(imports the command, builds the data app, configures the ORM mappers) and ends, measured in the
same rounds: what a command that starts from nothing pays before its first step, beyond `--help`.

{table(["backend", "`kiblat --help`", "`tenants create`", "beyond start-up", "of which start-up alone",
        "goal", "result"], cli_rows)}

`create-many` for all {count} kabupaten/kota of Sumatera Utara (Pengumuman only) on PostgreSQL,
{JOBS} worker processes: {total:.1f} s total, {total / count:.2f} s per tenant ({failed} failed).
"""
    path = write_result("provisioning", "Provisioning", body, args.quick)
    print(f"provisioning: {path.name} written")


if __name__ == "__main__":
    main()
