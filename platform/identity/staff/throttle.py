"""Failed staff sign-ins are counted per account and per IP address in the shared cache
(Redis when configured), under a platform prefix no tenant key can collide with."""

from __future__ import annotations

from cachelib import BaseCache
from flask import current_app

PREFIX = "kiblat:p:staff-login:"
WINDOW_SECONDS = 15 * 60
DEFAULT_ACCOUNT_LIMIT = 5
DEFAULT_IP_LIMIT = 30


def _cache() -> BaseCache:
    return current_app.extensions["kiblat_cache_factory"](PREFIX)


def _limits() -> tuple[int, int]:
    config = current_app.config
    return (int(config.get("STAFF_LOGIN_ACCOUNT_LIMIT", DEFAULT_ACCOUNT_LIMIT)),
            int(config.get("STAFF_LOGIN_IP_LIMIT", DEFAULT_IP_LIMIT)))


def _keys(email: str, ip: str | None) -> tuple[str, str]:
    return f"a:{(email or '').strip().lower()}", f"ip:{ip or '-'}"


def is_blocked(email: str, ip: str | None) -> bool:
    account_limit, ip_limit = _limits()
    account_key, ip_key = _keys(email, ip)
    cache = _cache()
    return int(cache.get(account_key) or 0) >= account_limit or int(cache.get(ip_key) or 0) >= ip_limit


def note_failure(email: str, ip: str | None) -> None:
    cache = _cache()
    for key in _keys(email, ip):
        cache.set(key, int(cache.get(key) or 0) + 1, timeout=WINDOW_SECONDS)


def clear_account(email: str) -> None:
    _cache().delete(_keys(email, None)[0])
