"""Where huey keeps the queue: a SQLite file in the instance folder (default, nothing to run) or
Redis when ``KIBLAT_REDIS_URL`` is set (shared by every app server and worker).

Both give huey's locks an expiry (``ttl``), so a lock held by a worker that was killed frees
itself instead of blocking that job for ever. huey's Redis storage with per-key expiry
(``RedisExpireHuey``) does this with ``SET NX EX``; huey's SQLite storage has no expiry, so
:class:`SqliteStorageWithTtl` adds one small table for it.
"""

from __future__ import annotations

import time
from pathlib import Path

from huey import Huey, RedisExpireHuey
from huey.storage import SqliteStorage

HUEY_NAME = "kiblat"
SQLITE_FILE = "jobs.sqlite3"


class SqliteStorageWithTtl(SqliteStorage):
    """huey's SQLite storage whose ``put_if_empty`` (what huey's locks use) honours ``ttl``."""

    table_expiry = ("create table if not exists kv_expiry (queue text not null, key text not null, "
                    "expires real not null, primary key(queue, key))")
    ddl = [*SqliteStorage.ddl, table_expiry]

    def put_if_empty(self, key, value, ttl=None):  # noqa: ANN001, ANN201 — huey's signature
        now = time.time()
        with self.db(commit=True) as curs:  # one exclusive transaction: check, expire, insert
            curs.execute("select 1 from kv_expiry where queue = ? and key = ? and expires <= ?",
                         (self.name, key, now))
            if curs.fetchone() is not None:
                curs.execute("delete from kv where queue = ? and key = ?", (self.name, key))
                curs.execute("delete from kv_expiry where queue = ? and key = ?", (self.name, key))
            curs.execute("insert or ignore into kv (queue, key, value) values (?, ?, ?)",
                         (self.name, key, self.to_blob(value)))
            if curs.rowcount != 1:
                return False
            if ttl is not None:
                curs.execute("insert or replace into kv_expiry (queue, key, expires) values (?, ?, ?)",
                             (self.name, key, now + ttl))
            return True

    def delete_data(self, key):  # noqa: ANN001, ANN201
        with self.db(commit=True) as curs:
            curs.execute("delete from kv_expiry where queue = ? and key = ?", (self.name, key))
            curs.execute("delete from kv where queue = ? and key = ?", (self.name, key))
            return curs.rowcount == 1


def make_huey(instance_path: str, redis_url: str | None, name: str = HUEY_NAME) -> Huey:
    """Results are not kept (callers never wait for one); failures are recorded by the runner."""
    if redis_url:
        return RedisExpireHuey(name, url=redis_url, results=False)
    return Huey(name, results=False, storage_class=SqliteStorageWithTtl,
                filename=str(Path(instance_path) / SQLITE_FILE))
