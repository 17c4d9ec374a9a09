"""What a progress display is told about a provisioning run, whether it runs in this process or
in the worker (``provisioning/handoff.py`` reads the same from the journal)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StepEvent:
    """What a progress display is told: a step started (``status='running'``) or ended."""

    position: int
    total: int
    name: str
    status: str
    changes: tuple[str, ...] = ()
    seconds: float = 0.0
    error: str | None = None
