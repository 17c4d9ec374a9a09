"""Resident memory of processes, from /proc/<pid>/status."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Rss:
    pid: int
    total_kb: int  # VmRSS
    anon_kb: int  # RssAnon: private memory, without shared buffers and mapped files

    @property
    def total_mb(self) -> float:
        return self.total_kb / 1024

    @property
    def anon_mb(self) -> float:
        return self.anon_kb / 1024


def rss(pid: int) -> Rss | None:
    """None when the process is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)

    def kb(name: str) -> int:
        return int(fields.get(name, "0 kB").split()[0])

    return Rss(pid, kb("VmRSS"), kb("RssAnon"))


def rss_of(pids: list[int]) -> list[Rss]:
    return [r for r in (rss(pid) for pid in pids) if r is not None]
