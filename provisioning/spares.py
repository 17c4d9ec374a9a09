"""Spare schemas: on PostgreSQL, a running worker migrates a few schemas ahead of time, so that
creating a regency renames one instead of building ~60 tables while the operator waits.

Why: PostgreSQL syncs every index file it builds to disk, so a new schema costs one disk flush per
index — a regency with Sri Deli and Jumpa Madu has ~150 — and that time varies with how busy the
server's disk is (60 to 240 ms for the core tables alone, on the same machine within an hour).
A spare made while the worker is idle takes that off the creation: ``ALTER SCHEMA … RENAME`` is
one catalog update.

A spare is named ``kiblat_spare_<digest>_<token>``, the digest being that of the migration
branches it holds and their heads, so a creation takes only a spare at exactly the revisions it
needs (a deployment with new migrations leaves the old spares untaken, and the worker drops
them). The schema is created and migrated in one transaction, so it is never seen half built; two
creations never take the same spare (an advisory lock around choosing and renaming). The rendered
migrations do not depend on the tenant (``migrations/rendered.py``): a renamed spare is the schema
the tenant's own migration would have built, and the tenant's revisions are recorded by the
usual steps, which then find nothing pending. SQLite builds a tenant's file in a few
milliseconds and has no spares.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Iterable

from sqlalchemy import Connection, Engine, text

from kiblat.migrations.runner import CORE_BRANCH, create_migrated_schema, tenant_heads
from kiblat.tenants import services
from kiblat.tenants.context import schema_name_for
from kiblat.tenants.database import tenant_db

log = logging.getLogger("kiblat.provisioning")
PREFIX = "kiblat_spare_"
# One lock for choosing and renaming a spare (any number fixed for this purpose).
TAKE_LOCK = 0x6B69626C  # "kibl"


def branches_for(module_keys: Iterable[str]) -> list[str]:
    """The migration branches a regency with these modules needs, in upgrade order."""
    return [CORE_BRANCH, *services.modules().dependency_order(set(module_keys))]


def digest(branches: Iterable[str]) -> str:
    """Names the branches and their current heads (12 hex digits)."""
    heads = tenant_heads()
    pairs = "|".join(f"{branch}={heads[branch]}" for branch in sorted(set(branches)))
    return hashlib.sha256(pairs.encode()).hexdigest()[:12]


def _spares(conn: Connection, branches_digest: str | None = None) -> list[str]:
    prefix = PREFIX + (f"{branches_digest}_" if branches_digest else "")
    return list(conn.scalars(text("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, :p) ORDER BY nspname"),
                             {"p": prefix}))


def _drop(engine: Engine, names: list[str]) -> None:
    """Drop these spares, under the lock :func:`take` chooses under (never one being renamed)."""
    with engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": TAKE_LOCK})
        for name in names:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def take(slug: str, server: str, branches: Iterable[str]) -> bool:
    """Rename a spare holding exactly ``branches`` at their heads to the tenant's schema; False
    (nothing changed) on SQLite, when none is ready, or when the tenant's schema exists."""
    engines = tenant_db.engines
    if not engines.is_postgresql:
        return False
    wanted = digest(branches)
    with engines.server_engine(server).begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": TAKE_LOCK})
        spare = next(iter(_spares(conn, wanted)), None)
        if spare is None or conn.scalar(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"),
                                        {"s": schema_name_for(slug)}):
            return False
        conn.exec_driver_sql(f'ALTER SCHEMA "{spare}" RENAME TO "{schema_name_for(slug)}"')
    log.info("tenant %s: spare schema %s taken", slug, spare)
    return True


def replenish(server: str, branches: Iterable[str], count: int) -> int:
    """Make spares for ``branches`` until ``count`` are ready; returns how many were made."""
    engines = tenant_db.engines
    if not engines.is_postgresql or count <= 0:
        return 0
    branches = list(branches)
    wanted = digest(branches)
    engine = engines.server_engine(server)
    with engine.connect() as conn:
        ready = len(_spares(conn, wanted))
    for _ in range(count - ready):
        create_migrated_schema(engine, f"{PREFIX}{wanted}_{secrets.token_hex(4)}", branches)
    return max(0, count - ready)


def drop_stale(server: str) -> list[str]:
    """Drop spares whose revisions are no longer heads (a deployment brought new migrations);
    returns their names."""
    engines = tenant_db.engines
    if not engines.is_postgresql:
        return []
    current = set(tenant_heads().values())
    engine = engines.server_engine(server)
    with engine.connect() as conn:
        names = _spares(conn)
        stale = [name for name in names if not set(conn.scalars(
            text(f'SELECT version_num FROM "{name}".alembic_version'))) <= current]
    _drop(engine, stale)
    return stale


def drop_all(server: str) -> int:
    """Drop every spare of ``server`` (tests, and an operator who wants them gone)."""
    engines = tenant_db.engines
    if not engines.is_postgresql:
        return 0
    engine = engines.server_engine(server)
    with engine.connect() as conn:
        names = _spares(conn)
    _drop(engine, names)
    return len(names)
