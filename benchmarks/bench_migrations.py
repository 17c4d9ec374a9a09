"""(c) ``kiblat db upgrade --all-tenants --jobs 2`` over a fleet: nothing pending and one new
nullable column pending on PostgreSQL (goal ≤ 60 s); and the CLI's start-up.

Start-up is judged by ratios measured in the same rounds, since absolute times follow the
machine: ``kiblat --help`` ÷ importing Flask and SQLAlchemy alone (goal ≤ 1.3), and a no-op
fleet upgrade − ``kiblat --help`` (goal ≤ 0.2 s), as for ``kiblat tenants list`` over the fleet.
Rounds alternate the four commands (A B C D, D C B A, ...); medians are reported.

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
HELP_RATIO_GOAL = 1.3  # kiblat --help ÷ python -c "import flask, sqlalchemy"
NOOP_BEYOND_HELP_GOAL_S = 0.2  # no-op fleet upgrade − kiblat --help; tenants list − kiblat --help
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


def wall_seconds(command: list[str], dep: Deployment) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=dep.process_environ(), capture_output=True, check=True, timeout=900)
    return time.perf_counter() - started


def startup_rounds(dep: Deployment, rounds: int) -> dict[str, list[float]]:
    """Wall seconds per round of: importing Flask and SQLAlchemy alone, ``kiblat --help``, a
    no-op ``db upgrade --all-tenants --jobs 2`` and ``tenants list``; the order is reversed every
    round."""
    kiblat = str(Path(sys.executable).with_name("kiblat"))
    commands = {
        "imports": [sys.executable, "-c", "import flask, sqlalchemy"],
        "help": [kiblat, "--help"],
        "noop": [kiblat, "db", "upgrade", "--all-tenants", "--jobs", str(JOBS)],
        "list": [kiblat, "tenants", "list"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    order = list(commands)
    for _ in range(rounds):
        for name in order:
            times[name].append(wall_seconds(commands[name], dep))
        order.reverse()
    return times


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
        noop = [upgrade(dep) for _ in range(2)]
        assert all(counts == [0, count, 0] for _, _, counts in noop), noop
        times = startup_rounds(dep, repeats)
        pairs = list(zip(times["imports"], times["help"], times["noop"], strict=True))
        help_ratio = median([h / i for i, h, _ in pairs])
        beyond = median([n - h for _, h, n in pairs])
        listing = median([t - h for h, t in zip(times["help"], times["list"], strict=True)])
        rows.append([backend, "`kiblat --help` ÷ `import flask, sqlalchemy`", f"**{help_ratio:.2f}**",
                     f"{median(times['help']):.2f} s ÷ {median(times['imports']):.2f} s", "—",
                     f"≤ {HELP_RATIO_GOAL:g}", verdict(help_ratio <= HELP_RATIO_GOAL)])
        rows.append([backend, "nothing pending − `kiblat --help`", f"**{beyond:+.2f} s**",
                     f"{median(times['noop']):.2f} s (reported {median([r for _, r, _ in noop]):.2f} s)",
                     f"0 / {count} / 0", f"≤ {NOOP_BEYOND_HELP_GOAL_S:g} s",
                     verdict(beyond <= NOOP_BEYOND_HELP_GOAL_S)])
        rows.append([backend, "`kiblat tenants list` − `kiblat --help`", f"**{listing:+.2f} s**",
                     f"{median(times['list']):.2f} s", f"{count} listed", f"≤ {NOOP_BEYOND_HELP_GOAL_S:g} s",
                     verdict(listing <= NOOP_BEYOND_HELP_GOAL_S)])
        Path(extra, "bench_pengumuman_extra.py").write_text(
            REVISION.format(head=pengumuman_head(dep), column=COLUMN))
        seconds, reported, counts = upgrade(dep, Path(extra))
        assert counts == [count, 0, 0], counts
        changed = column_count(dep)
        assert changed == count, f"column added in {changed} of {count} tenants"
        goal = f"≤ {PENDING_GOAL_S:g} s" if backend == "postgresql" else "(none)"
        rows.append([backend, "one new column pending", f"{seconds:.2f} s", f"reported {reported:.2f} s",
                     f"{count} / 0 / 0", goal,
                     verdict(seconds <= PENDING_GOAL_S) if backend == "postgresql" else "—"])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="100 tenants instead of 500")
    args = parser.parse_args()
    count, repeats = (100, 3) if args.quick else (500, 7)
    backends = (["postgresql"] if postgres_available() else []) + ["sqlite"]
    rows = []
    for backend in backends:
        rows += bench_backend(backend, count, repeats)
    body = f"""
Method: a deployment with {count:,} tenants (Pengumuman enabled) built with
`provision_tenant`. Start-up: {repeats} rounds, each running `python -c "import flask,
sqlalchemy"` (the floor any Flask + SQLAlchemy command pays), `kiblat --help` and a no-op
`kiblat db upgrade --all-tenants --jobs {JOBS}` and `kiblat tenants list` as separate processes,
timed from start to exit, the order reversed every round; the headline is the median over rounds
of help ÷ imports, of no-op − help and of list − help (same round, so the shared machine's drift
hits both sides). Pending: a throwaway
revision on the Pengumuman branch adding one nullable column to `pengumuman_announcement`,
placed in a temporary folder added to Alembic's version locations
(`benchmarks/upgrade_with_revision.py`); afterwards every tenant is checked to have the column.
Counts are upgraded / already at head / failed. Absolute times are context only.

Goals: `kiblat --help` ≤ {HELP_RATIO_GOAL:g} × the imports; nothing pending, and listing the
tenants, ≤ `kiblat --help` + {NOOP_BEYOND_HELP_GOAL_S:g} s; one column pending on PostgreSQL ≤
{PENDING_GOAL_S:g} s.

{table(["backend", "case", "headline", "absolute (context)", "tenants", "goal", "result"], rows)}
"""
    path = write_result("migrations", f"(c) Fleet migrations over {count:,} tenants", body, args.quick)
    print(f"migrations: {path.name} written")


if __name__ == "__main__":
    main()
