"""Results: each benchmark writes ``results/<name>.md``; ``run_all.py`` splices them into the docs."""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import time
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = BENCH_DIR / "results"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _memory_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def machine_facts(postgres_version: str | None = None) -> str:
    """One line: hardware and software the numbers were measured with."""
    parts = [
        f"{os.cpu_count()} CPU cores ({_cpu_model()})",
        f"{_memory_gb():.0f} GB RAM",
        f"Linux {platform.release()}",
        f"Python {platform.python_version()}",
        f"Flask {version('flask')}",
        f"SQLAlchemy {version('sqlalchemy')}",
        f"gunicorn {version('gunicorn')}",
        f"SQLite {sqlite3.sqlite_version}",
    ]
    if postgres_version:
        parts.append(postgres_version)
    return ", ".join(parts)


def postgres_version() -> str | None:
    from benchlib.deploy import postgres_available, postgres_query

    if not postgres_available():
        return None
    full = postgres_query("SHOW server_version")[0][0]
    return f"PostgreSQL {full.split()[0]}"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def verdict(ok: bool) -> str:
    return "pass" if ok else "**FAIL**"


def geometric_mean(values: Sequence[float]) -> float:
    """The mean of ratios in which x and 1/x weigh the same."""
    return statistics.geometric_mean(values)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def write_result(name: str, title: str, body: str, quick: bool) -> Path:
    """``results/<name>.md``: a ``##`` section with the date, machine and size of the run."""
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = time.strftime("%Y-%m-%d")
    size = "quick run (`--quick`, smaller sizes)" if quick else "full run"
    text = (
        f"## {title}\n\n"
        f"_Measured {stamp}, {size}, on {machine_facts(postgres_version())}._\n\n"
        f"{body.strip()}\n"
    )
    path = RESULTS_DIR / f"{name}.md"
    path.write_text(text)
    return path
