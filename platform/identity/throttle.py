"""Counting failures in a fixed window, shared by every worker through the tenant cache.

Used for sign-in (per account and per client address), two-factor codes and
email resends. Keys live in the tenant's own cache namespace, so regencies never
share a counter.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from kiblat.platform.cache.tenant_cache import tenant_cache


@dataclass(frozen=True)
class Limit:
    name: str
    attempts: int
    window_seconds: int


LOGIN_ACCOUNT = Limit("login-account", 5, 15 * 60)
LOGIN_IP = Limit("login-ip", 20, 15 * 60)
TOTP_CODE = Limit("totp", 5, 15 * 60)
EMAIL_RESEND = Limit("email", 3, 15 * 60)


def _key(limit: Limit, subject: str) -> str:
    digest = hashlib.sha256(subject.strip().lower().encode()).hexdigest()[:32]
    return f"throttle:{limit.name}:{digest}"


def retry_after(limit: Limit, subject: str) -> int:
    """Seconds until ``subject`` may try again; 0 when it is not blocked."""
    entry = tenant_cache().get(_key(limit, subject))
    if not entry:
        return 0
    count, reset_at = entry
    remaining = reset_at - time.time()
    if remaining <= 0 or count < limit.attempts:
        return 0
    return math.ceil(remaining)


def hit(limit: Limit, subject: str) -> int:
    """Count one attempt; returns the count in the current window."""
    cache, key, now = tenant_cache(), _key(limit, subject), time.time()
    entry = cache.get(key)
    count, reset_at = entry if entry and entry[1] > now else (0, now + limit.window_seconds)
    count += 1
    cache.set(key, (count, reset_at), timeout=max(1, math.ceil(reset_at - now)))
    return count


def reset(limit: Limit, subject: str) -> None:
    tenant_cache().delete(_key(limit, subject))


def minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))
