"""Limits on attempts (sign-in, codes, links, tokens, lookups), counted in a store that all
workers of a deployment share.

A :class:`Limit` allows ``attempts`` within ``window_seconds``; a subject (an account, a
client address) that used them up waits until the window ends. Counters are kept per
*scope*: a regency's slug, or ``platform`` for the platform host, so regencies never share
a counter::

    wait = retry_after(LOGIN_IP, address, scope)
    if wait: answer 429 with Retry-After: wait
    if failed: hit(LOGIN_IP, address, scope)
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from flask import current_app

from kiblat.platform.throttle.store import Count, CounterStore

PLATFORM_SCOPE = "platform"


@dataclass(frozen=True)
class Limit:
    name: str
    attempts: int
    window_seconds: int


def _store() -> CounterStore:
    return current_app.extensions["kiblat_counter_store"]


def _key(limit: Limit, subject: str, scope: str) -> str:
    digest = hashlib.sha256(subject.strip().lower().encode()).hexdigest()[:32]
    return f"kiblat:throttle:{scope[:40]}:{limit.name[:20]}:{digest}"


def _attempts(limit: Limit) -> int:
    """``THROTTLE_<NAME>`` in the configuration overrides a limit's attempts (operators, tests)."""
    return int(current_app.config.get(f"THROTTLE_{limit.name.upper().replace('-', '_')}", limit.attempts))


def _wait(count: Count | None, limit: Limit) -> int:
    if count is None or count.attempts < _attempts(limit):
        return 0
    return max(0, math.ceil(count.window_ends - time.time()))


def retry_after(limit: Limit, subject: str, scope: str) -> int:
    """Seconds until ``subject`` may try again; 0 when it is not blocked."""
    return _wait(_store().peek(_key(limit, subject, scope)), limit)


def hit(limit: Limit, subject: str, scope: str) -> int:
    """Count one attempt; returns the number of attempts in the current window."""
    return _store().hit(_key(limit, subject, scope), limit.window_seconds).attempts


def reset(limit: Limit, subject: str, scope: str) -> None:
    _store().reset(_key(limit, subject, scope))


def minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))
