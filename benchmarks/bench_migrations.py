"""(c) ``kiblat db upgrade --all-tenants --jobs 2`` over a fleet: nothing pending
(goal ≤ 1 s) and one new nullable column pending on PostgreSQL (goal ≤ 60 s).

The pending revision is written to a temporary folder that ``upgrade_with_revision.py``
adds to Alembic's version locations, so the source tree is never touched.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib.deploy import Deployment, deployment, postgres_available  # noqa: E402
from benchlib.fleet import create_fleet  # noqa: E402
from benchlib.report import median, table, verdict, write_result  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
JOBS = 2
NOOP_GOAL_S = 1.0
PENDING_GOAL_S = 60.0
COLUMN = "bench_note"
REVISION = '''"""benchmark only: one nullable column on pengumuman_announcement"""

import sqlalchemy as sa
from alembic import op

revision = "bench_pengumuman_extra"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("pengumuman_announcement", sa.Column("{column}", sa.String(40), nullable=True))


def downgrade() -> None:
    op.drop_column("pengumuman_announcement", "{column}")
'''
SUMMARY_RE = re.compile(r"tenants: (\d+) upgraded, (\d+) already at head, (\d+) failed in ([\d.]+)s")


def pengumuman_head(dep: Deployment) -> str:
    from kiblat.migrations import runner
    from kiblat.platform.core.app import create_app

    with create_app(dep.environ()).app_context():
        return runner.tenant_heads()["pengumuman"]


def upgrade(dep: Deployment, extra_revisions: Path | None = None) -> tuple[float, float, list[int]]:
    """Wall seconds of the whole command, the seconds it reports itself, and its counts."""
    args = ["db", "upgrade", "--all-tenants", "--jobs", str(JOBS)]
    if extra_revisions is None:
        command = [str(Path(sys.executable).with_name("kiblat")), *args]
    else:
        command = [sys.executable, str(BENCH_DIR / "upgrade_with_revision.py"),
                   str(extra_revisions), *args]
    started = time.perf_counter()
    done = subprocess.run(command, env=dep.process_environ(), capture_output=True, text=True,
                          timeout=900)
    wall = time.perf_counter() - started
    match = SUMMARY_RE.search(done.stdout)
    if done.returncode != 0 or match is None:
        raise RuntimeError(f"upgrade failed ({done.returncode}): {done.stdout[-1500:]}{done.stderr[-1500:]}")
    upgraded, skipped, failed, reported = match.groups()
    return wall, float(reported), [int(upgraded), int(skipped), int(failed)]


def startup_seconds(dep: Deployment, repeats: int) -> float:
    """Median wall time of ``kiblat --help``: the CLI's start-up alone, for reference."""
    command = [str(Path(sys.executable).with_name("kiblat")), "--help"]
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(command, env=dep.process_environ(), capture_output=True, check=True, timeout=60)
        times.append(time.perf_counter() - started)
    return median(times)


def column_count(dep: Deployment) -> int:
    """Tenants whose announcement table has the new column."""
    if dep.backend == "postgresql":
        from benchlib.deploy import postgres_admin_url
        from sqlalchemy import create_engine, text

        engine = create_engine(postgres_admin_url().set(database=dep.database_name))
        with engine.connect() as conn:
            found = conn.scalar(text(
                "SELECT count(*) FROM information_schema.columns"
                " WHERE table_name = 'pengumuman_announcement' AND column_name = :c"), {"c": COLUMN})
        engine.dispose()
        return int(found or 0)
    import sqlite3

    count = 0
    for path in (dep.instance / "tenants").glob("*.sqlite3"):
        with sqlite3.connect(path) as conn:
            columns = [row[1] for row in conn.execute("PRAGMA table_info(pengumuman_announcement)")]
        count += COLUMN in columns
    return count


def bench_backend(backend: str, count: int, repeats: int) -> list[list[object]]:
    rows: list[list[object]] = []
    with deployment(backend, "migrate") as dep, tempfile.TemporaryDirectory() as extra:
        times = create_fleet(dep.environ(), count, jobs=JOBS)
        print(f"migrations: {backend}: {count} tenants created in {times.seconds:.0f}s", flush=True)
        noop = [upgrade(dep) for _ in range(repeats)]
        assert all(counts == [0, count, 0] for _, _, counts in noop), noop
        wall = median([w for w, _, _ in noop])
        rows.append([backend, "`kiblat --help` (start-up only)",
                     f"{startup_seconds(dep, repeats):.2f} s", "—", "—", "—", "—"])
        rows.append([backend, "nothing pending", f"{wall:.2f} s",
                     f"{median([r for _, r, _ in noop]):.2f} s", f"0 / {count} / 0",
                     f"≤ {NOOP_GOAL_S:g} s", verdict(wall <= NOOP_GOAL_S)])
        Path(extra, "bench_pengumuman_extra.py").write_text(
            REVISION.format(head=pengumuman_head(dep), column=COLUMN))
        wall, reported, counts = upgrade(dep, Path(extra))
        assert counts == [count, 0, 0], counts
        changed = column_count(dep)
        assert changed == count, f"column added in {changed} of {count} tenants"
        goal = f"≤ {PENDING_GOAL_S:g} s" if backend == "postgresql" else "(none)"
        rows.append([backend, "one new column pending", f"{wall:.2f} s", f"{reported:.2f} s",
                     f"{count} / 0 / 0", goal,
                     verdict(wall <= PENDING_GOAL_S) if backend == "postgresql" else "—"])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="100 tenants instead of 500")
    args = parser.parse_args()
    count, repeats = (100, 2) if args.quick else (500, 3)
    backends = (["postgresql"] if postgres_available() else []) + ["sqlite"]
    rows = []
    for backend in backends:
        rows += bench_backend(backend, count, repeats)
    body = f"""
Method: a deployment with {count:,} tenants (Pengumuman enabled) built with
`provision_tenant`; then `kiblat db upgrade --all-tenants --jobs {JOBS}` as a separate
process, timed from start to exit (Python start-up and imports included). "Reported"
is the duration the command prints itself. Nothing pending: median of {repeats} runs.
Pending: a throwaway revision on the Pengumuman branch adding one nullable column to
`pengumuman_announcement`, placed in a temporary folder added to Alembic's version
locations (`benchmarks/upgrade_with_revision.py`); afterwards every tenant is checked
to have the column. Counts are upgraded / already at head / failed.

Goals: nothing pending ≤ {NOOP_GOAL_S:g} s; one column pending on PostgreSQL ≤ {PENDING_GOAL_S:g} s.

{table(["backend", "case", "wall time", "reported", "tenants", "goal", "result"], rows)}
"""
    path = write_result("migrations", f"(c) Fleet migrations over {count:,} tenants", body, args.quick)
    print(f"migrations: {path.name} written")


if __name__ == "__main__":
    main()
