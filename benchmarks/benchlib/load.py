"""HTTP load with wrk against 127.0.0.1, the Host header rotating over a list of hosts."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchlib.server import pinned_to

LUA_SCRIPT = Path(__file__).resolve().parent.parent / "rotate_hosts.lua"


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p90_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


@contextmanager
def hosts_file(hosts: list[str]) -> Iterator[Path]:
    """A temporary file listing ``hosts``, one per line, as the load clients read them."""
    with tempfile.NamedTemporaryFile("w", suffix=".hosts", delete=False) as handle:
        handle.write("\n".join(hosts) + "\n")
    try:
        yield Path(handle.name)
    finally:
        Path(handle.name).unlink(missing_ok=True)


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise SystemExit("wrk is required (e.g. apt-get install wrk)")
    return found


def wrk_version() -> str:
    out = subprocess.run([wrk_binary(), "-v"], capture_output=True, text=True).stdout
    return out.split("[")[0].strip() or "wrk"


def run_wrk(port: int, hosts: list[str], path: str, seconds: float, connections: int,
            threads: int = 1, cpus: set[int] | None = None) -> LoadResult:
    """One wrk run; any socket error or non-2xx/3xx answer is counted in ``errors``. ``cpus``: the
    only CPUs wrk may run on."""
    with hosts_file(hosts) as listed:
        command = [
            wrk_binary(), f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s",
            "-s", str(LUA_SCRIPT), f"http://127.0.0.1:{port}{path}", "--", str(listed),
        ]
        out = subprocess.run(command, capture_output=True, text=True, check=True,
                             timeout=seconds + 60, preexec_fn=pinned_to(cpus)).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRKJSON "))
    data = json.loads(line.removeprefix("WRKJSON "))
    errors = sum(data[k] for k in ("connect", "read", "write", "status", "timeout"))
    return LoadResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        errors=errors,
        p50_ms=data["p50_us"] / 1000,
        p90_ms=data["p90_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
    )
