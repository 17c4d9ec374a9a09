"""Job kinds and their handlers. A handler takes the job's JSON payload."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# A lock a job takes while it runs, so the same work never runs twice at once (two workers, a
# retry overlapping a slow first attempt, a schedule fired by two consumers). ``True``: one run of
# the kind per tenant at a time; a payload field name: one run per value of that field.
LockSpec = bool | str
DEFAULT_LOCK_TTL = 3600.0
# Attempts a job gets before it is recorded as failed.
DEFAULT_MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class JobKind:
    handler: Callable[[dict], object]
    lock: LockSpec = False
    # A lock frees itself after this many seconds even if its worker died holding it.
    lock_ttl: float = DEFAULT_LOCK_TTL

    def lock_name(self, kind: str, payload: dict, tenant_slug: str | None) -> str | None:
        if self.lock is False:
            return None
        name = f"{kind}:{tenant_slug or '-'}"
        if isinstance(self.lock, str):
            name += f":{payload.get(self.lock)}"
        return name


class UnknownJobKind(LookupError):
    """No handler is registered for a job's kind (a module removed, or a typo)."""


_kinds: dict[str, JobKind] = {}
# Python modules whose import registers handlers (``@job_handler``), imported when a job runs.
# The composition root names them (``add_handler_modules``): this layer knows no one above it.
_handler_modules: list[str] = []


def add_handler_modules(names: Iterable[str]) -> None:
    _handler_modules.extend(n for n in names if n not in _handler_modules)


def register(kind: str, handler: Callable[[dict], object], lock: LockSpec = False,
             lock_ttl: float = DEFAULT_LOCK_TTL) -> None:
    """Run ``handler(payload)`` for jobs of ``kind`` (the module loader registers modules' jobs)."""
    _kinds[kind] = JobKind(handler, lock, lock_ttl)


def job_handler(kind: str, lock: LockSpec = False, lock_ttl: float = DEFAULT_LOCK_TTL,
                ) -> Callable[[Callable[[dict], object]], Callable[[dict], object]]:
    def decorate(func: Callable[[dict], object]) -> Callable[[dict], object]:
        register(kind, func, lock, lock_ttl)
        return func

    return decorate


def kind_for(kind: str) -> JobKind:
    for name in _handler_modules:
        importlib.import_module(name)
    if kind not in _kinds:
        raise UnknownJobKind(f"no handler for job kind {kind!r}")
    return _kinds[kind]


def handler_for(kind: str) -> Callable[[dict], object]:
    return kind_for(kind).handler
