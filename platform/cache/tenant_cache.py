"""A cache whose keys always carry the tenant, so two regencies never share an entry.

Backed by Redis when ``KIBLAT_REDIS_URL`` is set (shared by all workers), otherwise by
an in-process cache. Module code calls ``tenant_cache()``; it never builds a key prefix.
"""

from __future__ import annotations

from cachelib import BaseCache, RedisCache, SimpleCache
from flask import Flask, current_app

from kiblat.tenants.context import current_tenant


def init_cache(app: Flask) -> None:
    redis_url = app.config.get("REDIS_URL")
    if redis_url:
        import redis  # only with a Redis URL configured: SQLite-only installs never load the client

        client = redis.Redis.from_url(redis_url)
        app.extensions["kiblat_cache_factory"] = lambda prefix: RedisCache(client, key_prefix=prefix)
    else:
        shared = SimpleCache(threshold=5000)
        app.extensions["kiblat_cache_factory"] = lambda prefix: _PrefixedCache(shared, prefix)


class _PrefixedCache(BaseCache):
    def __init__(self, backend: SimpleCache, prefix: str) -> None:
        super().__init__()
        self._backend, self._prefix = backend, prefix

    def get(self, key: str):
        return self._backend.get(self._prefix + key)

    def set(self, key: str, value, timeout: int | None = None) -> bool:
        return self._backend.set(self._prefix + key, value, timeout)

    def delete(self, key: str) -> bool:
        return self._backend.delete(self._prefix + key)

    def has(self, key: str) -> bool:
        return self._backend.has(self._prefix + key)


def cache_for_slug(slug: str) -> BaseCache:
    return current_app.extensions["kiblat_cache_factory"](f"kiblat:t:{slug}:")


def tenant_cache() -> BaseCache:
    return cache_for_slug(current_tenant.slug)
