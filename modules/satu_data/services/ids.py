"""Identifiers in CKAN's form (UUID strings) that sort by the time they were made."""

from __future__ import annotations

import secrets
import threading
import time
import uuid

_lock = threading.Lock()
_last = 0


def time_ordered_id() -> str:
    """A UUID (version 7 layout): 48 bits of milliseconds, then random bits. Strictly
    increasing within this process, so ``id asc`` lists datasets in publication order."""
    global _last
    with _lock:
        now = max(time.time_ns() // 1_000_000, _last + 1)
        _last = now
    value = (now << 80) | (0x7 << 76) | (secrets.randbits(12) << 64) | (0b10 << 62) | secrets.randbits(62)
    return str(uuid.UUID(int=value))


def random_id() -> str:
    return str(uuid.uuid4())
