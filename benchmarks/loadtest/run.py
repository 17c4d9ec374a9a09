"""``make loadtest``: two app servers behind nginx, regencies on two PostgreSQL servers, a mixed
workload at about 70% of the capacity measured just before, and during it: kill -9 of a gunicorn
worker, then of a whole app server, then a regency moved between database servers. Afterwards
every write that was acknowledged must be stored and every ledger must sum to its balance.

Loopback only and bounded: every process it starts is stopped, every database it creates dropped.

    python benchmarks/loadtest/run.py --tenants 50 --seconds 60 --write-docs   # the full run
    python benchmarks/loadtest/run.py --tenants 10 --seconds 20                # a small one
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

from stack import AppServer, Nginx, wait_answering  # noqa: E402
from verify import check_writes  # noqa: E402

DOCS = ROOT / "docs" / "benchmarks.md"
SECRET = "load-test-only-secret-key-0123456789abcdefghijklmnop"
USERS = 40


def _database(admin_url: str, maintenance: str) -> tuple[str, callable]:
    url = make_url(admin_url).set(drivername="postgresql+psycopg")
    if url.host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("the load test only talks to PostgreSQL on loopback")
    name = f"kiblat_load_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url.set(database=maintenance), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


def _locust(port: int, users: int, seconds: int, rate: float, prefix: Path, env: dict[str, str]) -> dict:
    """Run locust headless; the aggregated row of its statistics."""
    command = [sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless", "--only-summary",
               "-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--host", f"http://127.0.0.1:{port}",
               "--csv", str(prefix), "--stop-timeout", "5", "--exit-code-on-error", "0", "--reset-stats"]
    subprocess.run(command, env={**env, "LOADTEST_USER_RATE": str(rate)}, check=True,
                   stdout=subprocess.DEVNULL, stderr=open(f"{prefix}.log", "w"))  # noqa: SIM115
    with open(f"{prefix}_stats.csv") as stats:
        rows = list(csv.DictReader(stats))
    return {"rows": rows, "total": next(r for r in rows if r["Name"] == "Aggregated")}


class Faults(threading.Thread):
    """kill -9 a worker, then a whole app server, then move a regency, at set moments."""

    def __init__(self, seconds: int, victim: AppServer, move: list[str], env: dict[str, str]) -> None:
        super().__init__(daemon=True)
        self.seconds, self.victim, self.move, self.env = seconds, victim, move, env
        self.log: list[str] = []

    def at(self, fraction: float, started: float) -> None:
        time.sleep(max(0.0, started + self.seconds * fraction - time.monotonic()))

    def run(self) -> None:
        started = time.monotonic()
        self.at(0.2, started)
        pid = self.victim.kill_worker()
        self.log.append(f"{time.monotonic() - started:.1f} s: kill -9 of gunicorn worker {pid} (app server 1)")
        self.at(0.4, started)
        self.victim.kill()
        self.log.append(f"{time.monotonic() - started:.1f} s: kill -9 of app server 1 (master and workers)")
        self.at(0.6, started)
        began = time.monotonic() - started
        done = subprocess.run([str(Path(sys.executable).with_name("kiblat")), *self.move], env=self.env,
                              capture_output=True, text=True)
        outcome = done.stdout.strip().splitlines()[-1:] or done.stderr.strip().splitlines()[-1:]
        self.log.append(f"{began:.1f}–{time.monotonic() - started:.1f} s: kiblat {' '.join(self.move)}: "
                        f"{outcome[0] if outcome else done.returncode}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=USERS)
    parser.add_argument("--write-docs", action="store_true", help="Write the results into docs/benchmarks.md.")
    args = parser.parse_args()
    first = os.environ.get("KIBLAT_LOADTEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    second = os.environ.get("KIBLAT_LOADTEST_POSTGRES_URL_2", "postgresql+psycopg://postgres@127.0.0.1:5433/postgres")
    redis = os.environ.get("KIBLAT_LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    work = Path(tempfile.mkdtemp(prefix="kiblat-load-"))
    drops, started = [], []
    nginx = None
    try:
        url1, drop1 = _database(first, make_url(first).database or "postgres")
        drops.append(drop1)
        url2, drop2 = _database(second, "postgres")
        drops.append(drop2)
        env = {k: v for k, v in os.environ.items() if not k.startswith("KIBLAT_")}
        env.update({"KIBLAT_ENV": "development", "KIBLAT_SECRET_KEY": SECRET, "KIBLAT_INSTANCE_PATH": str(work / "instance"),
                    "KIBLAT_BASE_DOMAIN": "kiblat.beban", "KIBLAT_DATABASE_URL": url1, "KIBLAT_REDIS_URL": redis,
                    "KIBLAT_STORAGE_PATH": str(work / "files"), "KIBLAT_APP_SERVERS": "2", "KIBLAT_TRUST_PROXY": "true",
                    "LOADTEST_FIXTURES": str(work / "fixtures.json"), "LOADTEST_WRITES": str(work / "writes.jsonl")})
        print(f"setting up {args.tenants} regencies on two database servers …", flush=True)
        setup_began = time.monotonic()
        subprocess.run([sys.executable, str(HERE / "seed.py"), json.dumps(env), url2, str(args.tenants),
                        str(work / "fixtures.json")], env=env, check=True)
        fixtures = json.loads((work / "fixtures.json").read_text())["tenants"]
        started = [AppServer(env, work / "app1.log"), AppServer(env, work / "app2.log")]
        for server in started:
            wait_answering(server.port)
        nginx = Nginx(work / "nginx", [s.port for s in started])
        wait_answering(nginx.port)
        setup = time.monotonic() - setup_began
        print(f"set up in {setup:.0f} s; measuring capacity …", flush=True)
        capacity = float(_locust(nginx.port, args.users, 10, 1000.0, work / "capacity", env)["total"]["Requests/s"])
        rate = 0.7 * capacity / args.users
        (work / "writes.jsonl").unlink(missing_ok=True)  # only the main run's writes are checked
        mover = next(t for t in fixtures if t["server"] == "default")
        faults = Faults(args.seconds, started[0], ["tenants", "move", mover["slug"], "--to", "kedua"], env)
        print(f"capacity {capacity:.0f} req/s; running {args.seconds} s at {0.7 * capacity:.0f} req/s with faults …",
              flush=True)
        faults.start()
        result = _locust(nginx.port, args.users, args.seconds, rate, work / "run", env)
        faults.join(timeout=120)
        verdict = check_writes(env, work / "writes.jsonl", fixtures)
        report = _report(args, capacity, result, faults.log, verdict, setup, work)
        print(report)
        if args.write_docs:
            _write_docs(report)
        return 0 if verdict["lost"] == 0 and verdict["ledger_mismatches"] == 0 else 1
    finally:
        if nginx is not None:
            nginx.stop()
        for server in started:
            server.stop()
        for drop in drops:
            drop()
        shutil.rmtree(work, ignore_errors=True)


def _failures(prefix: Path) -> list[tuple[str, str, int]]:
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    return [(r["Name"], r["Error"][:90], int(r["Occurrences"])) for r in csv.DictReader(path.open())]


def _report(args, capacity: float, result: dict, faults: list[str], verdict: dict, setup: float,  # noqa: ANN001
            work: Path) -> str:
    total = result["total"]
    lines = [f"Run: {args.tenants} regencies on two PostgreSQL servers, two app servers (gunicorn, shipped "
             f"settings) behind nginx (shipped config), {args.users} locust users for {args.seconds} s "
             f"(setup {setup:.0f} s). Capacity measured just before: {capacity:.0f} req/s; target 70%: "
             f"{0.7 * capacity:.0f} req/s.", "", "Faults during the run:", ""]
    lines += [f"* {line}" for line in faults] + [""]
    lines += ["| requests | failed | req/s | p50 | p95 | p99 | max |", "|---|---|---|---|---|---|---|",
              f"| {total['Request Count']} | {total['Failure Count']} | {float(total['Requests/s']):.1f} | "
              f"{total['50%']} ms | {total['95%']} ms | {total['99%']} ms | {float(total['Max Response Time']):.0f} ms |",
              "", "| request | count | failed | p50 | p95 | p99 |", "|---|---|---|---|---|---|"]
    for row in result["rows"]:
        if row["Name"] != "Aggregated":
            lines.append(f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} ms | "
                         f"{row['95%']} ms | {row['99%']} ms |")
    failures = _failures(work / "run")
    if failures:
        lines += ["", "Failed requests:", ""] + [f"* {n} × {name}: {error}" for name, error, n in failures]
    lines += ["", f"Writes acknowledged: {verdict['acknowledged']} ({verdict['deposits']} deposits, "
              f"{verdict['withdrawals']} withdrawal requests); **lost: {verdict['lost']}**. Ledgers checked: "
              f"{verdict['ledgers']}; sum of entries ≠ balance: **{verdict['ledger_mismatches']}**."]
    return "\n".join(lines)


def _write_docs(report: str) -> None:
    from benchlib.report import machine_facts  # noqa: PLC0415 - benchmarks' own helpers

    stamp = time.strftime("%Y-%m-%d")
    section = (f"<!-- benchmark:loadtest -->\n## Load and fault test (`make loadtest`)\n\n"
               f"_Measured {stamp} on {machine_facts()}._\n\n{report}\n<!-- /benchmark:loadtest -->")
    docs = DOCS.read_text()
    begin, end = "<!-- benchmark:loadtest -->", "<!-- /benchmark:loadtest -->"
    if begin in docs:
        docs = docs[:docs.index(begin)] + section + docs[docs.index(end) + len(end):]
    else:
        docs = docs.rstrip() + "\n\n" + section + "\n"
    DOCS.write_text(docs)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "benchmarks"))
    raise SystemExit(main())
