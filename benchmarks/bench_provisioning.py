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


@contextmanager
def running_worker(kiblat: str, env: dict[str, str], database_url: str) -> Iterator[None]:
    """``kiblat worker`` in the background, as ``make run`` and a deployment keep one running;
    yields once it has said it is alive (``tenants create`` then hands specs to it)."""
    from kiblat.provisioning.handoff import live_worker, open_connection

    worker = subprocess.Popen([kiblat, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            conn = open_connection(database_url)
            try:
                if live_worker(conn):
                    break
            finally:
                conn.close()
            if worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("kiblat worker did not start")
            time.sleep(0.1)
        yield
    finally:
        worker.terminate()
        worker.wait(timeout=60)


def handed_over(database_url: str) -> int:
    """How many creations a worker took (``provisioning_requests``)."""
    from kiblat.provisioning.handoff import open_connection

    conn = open_connection(database_url)
    try:
        cursor = conn.cursor()
        cursor.execute("SELECT count(*) FROM provisioning_requests WHERE status = 'taken'")
        return cursor.fetchone()[0]
    finally:
        conn.close()


def spares_taken(database_url: str, slugs: set[str]) -> int:
    """How many of these regencies' runs renamed a spare schema (their create_storage step)."""
    from kiblat.provisioning.handoff import open_connection

    conn = open_connection(database_url)
    try:
        cursor = conn.cursor()
        cursor.execute("SELECT r.tenant_slug, s.changes FROM provisioning_steps s JOIN provisioning_runs r ON r.id = s.run_id "
                       "WHERE s.name = 'create_storage'")
        return sum(1 for slug, changes in cursor.fetchall() if slug in slugs and "cadangan" in str(changes))
    finally:
        conn.close()


def bench_cli(backend: str, runs: int, local_runs: int) -> tuple[list[float], list[float], list[float], float, int]:
    """Wall seconds of ``kiblat --help`` and of ``kiblat tenants create --template deliserdang`` with
    a worker running, for ``runs`` North Sumatra cities, alternating (help, create, help, ...); of
    the same with ``--in-process`` for ``local_runs`` more cities, in the first rounds (help,
    create, create --in-process); and of the worker's first creation after it started (before the
    rounds: it loads what later creations reuse); and how many of the handed creations took a
    spare schema."""
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
            # No admin: an invitation it sent without SMTP would wait in the queue for the worker.
            template = {key: value for key, value in _spec(TEMPLATE[0]).items() if key != "users"}
            provision_now({**template, "slug": TEMPLATE[1]}, require_admin=False)
            wanted = 1 + runs + local_runs
            cities = [c for c in _regencies(PROVINCE) if int(c.split(".")[1]) >= 71][:wanted]
        if len(cities) < wanted:
            raise RuntimeError(f"{len(cities)} North Sumatra cities for {wanted} creations")
        with app.app_context():
            app.extensions["kiblat_tenant_engines"].dispose()
            from kiblat.platform.core.extensions import db

            db.engine.dispose()
        if backend == "postgresql":
            settle_postgres()
        helps, creates, locals_ = [], [], []

        def create(code: str, *flags: str) -> float:
            command = [kiblat, "tenants", "create", "--region", code, "--modules", ",".join(MODULES),
                       "--template", TEMPLATE[1], "--admin-email", f"admin{code.replace('.', '')}@bench.example.id",
                       *flags]
            started = time.perf_counter()
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
            seconds = time.perf_counter() - started
            if done.returncode != 0:
                raise RuntimeError(f"kiblat tenants create failed: {done.stdout[-1500:]}{done.stderr[-1500:]}")
            return seconds

        with smtp_inbox() as (smtp_url, inbox):
            env = dep.process_environ(KIBLAT_SMTP_URL=smtp_url)
            with running_worker(kiblat, env, dep.database_url):
                first = create(cities[0])
                handed, local = cities[1:1 + runs], cities[1 + runs:]
                for index, code in enumerate(handed):
                    started = time.perf_counter()
                    subprocess.run([kiblat, "--help"], env=env, capture_output=True, check=True, timeout=120)
                    helps.append(time.perf_counter() - started)
                    creates.append(create(code))
                    if index < len(local):
                        locals_.append(create(local[index], "--in-process"))
            if inbox.received != len(cities):
                raise RuntimeError(f"{inbox.received} invitations sent for {len(cities)} regencies created")
        if handed_over(dep.database_url) != runs + 1:
            raise RuntimeError("the worker did not take every creation handed to it")
        with app.app_context():
            from kiblat.tenants.models import Tenant

            slugs = set(db.session.scalars(select(Tenant.slug).where(Tenant.region_code.in_(handed))))
        took_spare = spares_taken(dep.database_url, slugs)
    return helps, creates, locals_, first, took_spare


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
    # Eight North Sumatra cities: one for the worker's first creation, then the rounds.
    single_runs, cli_runs, local_runs = (3, 2, 1) if args.quick else (7, 5, 2)
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
        helps, creates, locals_, first, took_spare = bench_cli(backend, cli_runs, local_runs)
        beyond = statistics.median([c - h for h, c in zip(helps, creates, strict=True)])
        local_beyond = statistics.median([c - h for h, c in zip(helps, locals_, strict=False)])
        cli_rows.append([backend, f"{statistics.median(helps):.2f} s", f"{statistics.median(creates):.2f} s",
                         f"{beyond * 1000:.0f} ms", f"≤ {GOAL_S * 1000:.0f} ms", verdict(beyond <= GOAL_S),
                         f"{local_beyond * 1000:.0f} ms", f"{first:.2f} s",
                         f"{took_spare} of {cli_runs}" if backend == "postgresql" else "— (none on SQLite)"])
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
North Sumatra cities, each run right after a `kiblat --help` (Python start-up and the CLI's own
imports); "beyond start-up" is the median of create − help over the {cli_runs} pairs. Goal: ≤ {GOAL_S:g} s
beyond `kiblat --help`. A `kiblat worker` runs meanwhile, as `make run` and a deployment keep one
running: the command hands the spec to it and shows the steps as the worker writes them to the
journal (docs/architecture.md), and the benchmark checks the worker took every one. On
PostgreSQL the worker keeps spare schemas migrated ahead for the kind of regency it created last
(the same modules; made in a thread of its own between creations, docs/architecture.md): the last
column counts the timed creations that renamed one instead of building their tables. Its first
creation after it started, before the rounds, is shown apart: it loads what later creations
reuse. As context, in the first {local_runs} rounds, the same command with `--in-process` for
another city (beyond the round's `--help`): what a create costs when no worker is running (the
command loads the platform itself).

{table(["backend", "`kiblat --help`", "`tenants create`", "beyond start-up", "goal", "result",
        "`--in-process`, beyond start-up", "worker's first creation", "took a spare schema"], cli_rows)}

`create-many` for all {count} kabupaten/kota of Sumatera Utara (Pengumuman only) on PostgreSQL,
{JOBS} worker processes: {total:.1f} s total, {total / count:.2f} s per tenant ({failed} failed).
"""
    path = write_result("provisioning", "Provisioning", body, args.quick)
    print(f"provisioning: {path.name} written")


if __name__ == "__main__":
    main()
