"""Job kinds and their handlers. A handler takes the job's JSON payload."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable

_handlers: dict[str, Callable[[dict], object]] = {}
# Python modules whose import registers handlers (``@job_handler``), imported when a job runs.
# The composition root names them (``add_handler_modules``): this layer knows no one above it.
_handler_modules: list[str] = []


def add_handler_modules(names: Iterable[str]) -> None:
    _handler_modules.extend(n for n in names if n not in _handler_modules)


def register(kind: str, handler: Callable[[dict], object]) -> None:
    """Run ``handler(payload)`` for jobs of ``kind`` (the module loader registers modules' jobs)."""
    _handlers[kind] = handler


def job_handler(kind: str) -> Callable[[Callable[[dict], object]], Callable[[dict], object]]:
    def decorate(func: Callable[[dict], object]) -> Callable[[dict], object]:
        register(kind, func)
        return func

    return decorate


def handler_for(kind: str) -> Callable[[dict], object]:
    for name in _handler_modules:
        importlib.import_module(name)
    if kind not in _handlers:
        raise LookupError(f"no handler for job kind {kind!r}")
    return _handlers[kind]
