"""Job kinds and their handlers. A handler takes the job's JSON payload."""

from __future__ import annotations

import importlib
from collections.abc import Callable

# Modules whose import registers handlers; the worker imports them all.
HANDLER_MODULES = (
    "kiblat.provisioning.jobs",
    "kiblat.platform.mail.jobs",
    "kiblat.tenants.portability.jobs",
    "kiblat.platform.billing.jobs",
    "kiblat.platform.onboarding.jobs",
    "kiblat.platform.console.jobs",
)

_handlers: dict[str, Callable[[dict], object]] = {}


def register(kind: str, handler: Callable[[dict], object]) -> None:
    """Run ``handler(payload)`` for jobs of ``kind`` (the module loader registers modules' jobs)."""
    _handlers[kind] = handler


def job_handler(kind: str) -> Callable[[Callable[[dict], object]], Callable[[dict], object]]:
    def decorate(func: Callable[[dict], object]) -> Callable[[dict], object]:
        register(kind, func)
        return func

    return decorate


def handler_for(kind: str) -> Callable[[dict], object]:
    for name in HANDLER_MODULES:
        importlib.import_module(name)
    if kind not in _handlers:
        raise LookupError(f"no handler for job kind {kind!r}")
    return _handlers[kind]
