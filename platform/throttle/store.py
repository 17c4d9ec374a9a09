"""Where attempt counters live: one store per deployment, shared by all of its workers.

Redis when ``KIBLAT_REDIS_URL`` is set; otherwise the control-plane database
(``throttle_counters``), which every worker of a deployment shares whatever it is: the
embedded SQLite file or PostgreSQL. Each count is one atomic statement, so two workers
counting at once never lose an attempt.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Protocol

from flask import Flask
from sqlalchemy import case, delete, select
from sqlalchemy.engine import Engine

from kiblat.platform.throttle.models import ThrottleCounter

# Expired rows are removed now and then, not on every attempt.
PRUNE_EVERY = 500


@dataclass(frozen=True)
class Count:
    attempts: int
    window_ends: float


class CounterStore(Protocol):
    def hit(self, key: str, window_seconds: int) -> Count: ...
    def peek(self, key: str) -> Count | None: ...
    def reset(self, key: str) -> None: ...


class RedisCounterStore:
    def __init__(self, client) -> None:  # noqa: ANN001
        self.client = client

    def hit(self, key: str, window_seconds: int) -> Count:
        pipe = self.client.pipeline(transaction=True)
        pipe.set(key, 0, ex=window_seconds, nx=True)  # a new window starts at zero
        pipe.incr(key)
        pipe.pttl(key)
        _created, attempts, ttl_ms = pipe.execute()
        return Count(int(attempts), time.time() + max(ttl_ms, 0) / 1000)

    def peek(self, key: str) -> Count | None:
        pipe = self.client.pipeline(transaction=True)
        pipe.get(key)
        pipe.pttl(key)
        value, ttl_ms = pipe.execute()
        if value is None or ttl_ms is None or ttl_ms < 0:
            return None
        return Count(int(value), time.time() + ttl_ms / 1000)

    def reset(self, key: str) -> None:
        self.client.delete(key)


class SqlCounterStore:
    """Counters in the control plane, on connections of their own: an attempt is counted even
    when the request's own transaction is rolled back."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.table = ThrottleCounter.__table__
        self._hits = 0
        if engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        self._insert = insert

    def hit(self, key: str, window_seconds: int) -> Count:
        now = math.floor(time.time())
        ends = now + window_seconds
        table = self.table
        statement = self._insert(table).values(key=key, count=1, window_ends=ends)
        expired = table.c.window_ends <= now
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={"count": case((expired, 1), else_=table.c.count + 1),
                  "window_ends": case((expired, ends), else_=table.c.window_ends)},
        ).returning(table.c.count, table.c.window_ends)
        with self.engine.begin() as conn:
            attempts, window_ends = conn.execute(statement).one()
            self._hits += 1
            if self._hits % PRUNE_EVERY == 0:
                conn.execute(delete(table).where(table.c.window_ends <= now))
        return Count(int(attempts), float(window_ends))

    def peek(self, key: str) -> Count | None:
        table = self.table
        with self.engine.connect() as conn:
            row = conn.execute(select(table.c.count, table.c.window_ends).where(table.c.key == key)).first()
        if row is None or row.window_ends <= time.time():
            return None
        return Count(int(row.count), float(row.window_ends))

    def reset(self, key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(self.table).where(self.table.c.key == key))


def init_counter_store(app: Flask, engine: Engine) -> CounterStore:
    redis_url = app.config.get("REDIS_URL")
    if redis_url:
        import redis  # only with a Redis URL configured: SQLite-only installs never load the client

        store: CounterStore = RedisCounterStore(redis.Redis.from_url(redis_url))
    else:
        store = SqlCounterStore(engine)
    app.extensions["kiblat_counter_store"] = store
    return store
