"""Two servers' latency measured in one run, their requests interleaved (``interleave.c``).

Runs of one server after the other, even 1 s long, each see the machine in its own state: this
kind of machine moves between speed states for seconds at a time. The ``interleave`` client
alternates blocks of a few requests between the two servers, so both share every such change.
It is a small C program, built here on first use with the system's C compiler, so that the
client's own work inside each measured request is as small as wrk's.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from benchlib.load import hosts_file
from benchlib.server import pinned_to

SOURCE = Path(__file__).resolve().parent.parent / "interleave.c"
BUILD_DIR = SOURCE.parent / "results" / "build"  # not committed, like the results
BLOCK = 16  # requests to one server before switching (~3 ms)


@dataclass(frozen=True)
class InterleavedResult:
    requests: tuple[int, int]
    errors: tuple[int, int]
    p50_us: tuple[float, float]
    p90_us: tuple[float, float]


def c_compiler() -> str:
    found = shutil.which("cc") or shutil.which("gcc")
    if found is None:
        raise SystemExit("a C compiler is required (e.g. apt-get install gcc)")
    return found


def client_binary() -> Path:
    """The built client, rebuilt whenever its source is newer."""
    binary = BUILD_DIR / "interleave"
    if not binary.exists() or binary.stat().st_mtime < SOURCE.stat().st_mtime:
        BUILD_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run([c_compiler(), "-O2", "-Wall", "-o", str(binary), str(SOURCE)], check=True)
    return binary


def run_interleaved(ports: tuple[int, int], hosts: tuple[list[str], list[str]], path: str,
                    seconds: float, cpus: set[int] | None = None) -> InterleavedResult:
    """``path`` asked of both servers for ``seconds``, one request at a time, ``BLOCK`` requests
    to one then ``BLOCK`` to the other (which goes first alternating), the Host header rotating
    over each server's own hosts. ``cpus``: the only CPUs the client may run on."""
    with hosts_file(hosts[0]) as first, hosts_file(hosts[1]) as second:
        command = [str(client_binary()), f"{seconds:g}", str(BLOCK), path,
                   str(ports[0]), str(first), str(ports[1]), str(second)]
        out = subprocess.run(command, capture_output=True, text=True, check=True,
                             timeout=seconds + 60, preexec_fn=pinned_to(cpus)).stdout
    line = next(x for x in out.splitlines() if x.startswith("INTERLEAVE "))
    data = json.loads(line.removeprefix("INTERLEAVE "))
    return InterleavedResult(*(tuple(data[key]) for key in ("requests", "errors", "p50_us", "p90_us")))
