"""Whether ``kiblat db upgrade`` has anything to do, answered from the control plane alone.

An upgrade with nothing pending changes nothing, yet building the app and running Alembic for
the control plane cost many times the few queries that decide it. This reads what the full
upgrade would compare, on one plain DB-API connection (``sqlite3`` or ``psycopg``: SQLAlchemy's
PostgreSQL dialect alone costs more to import than the whole check) and from the scripts'
headers (``heads.py``), without Alembic, the app or any model:

* the control plane's ``alembic_version`` against its script heads;
* the region list's stamp against the shipped files (``platform/regions/sync.py``);
* each tenant's recorded revisions against the head of every branch it needs, as
  ``runner.pending_tenants`` compares them.

Anything it cannot tell (no database file yet, a table missing, a header it cannot read) counts
as pending: the caller then runs the full upgrade, which decides and reports as before.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from kiblat.migrations.heads import CONTROL_VERSIONS, CORE_BRANCH, read_heads
from kiblat.platform.modular.registry import ModuleRegistry
from kiblat.platform.regions.data import REGIONS_STAMP_KEY, shipped_regions_stamp

PROVISIONING = "provisioning"  # TenantStatus.PROVISIONING: not upgraded until provisioned
# The control-plane tables and columns read here (their models: tenants/models.py,
# platform/regions/models.py); tests/migrations/test_fleet_check.py runs them on both backends.
QUERIES = {
    "versions": "SELECT version_num FROM alembic_version",
    "provinces": "SELECT count(*) FROM regions_province",
    "regencies": "SELECT count(*) FROM regions_regency",
    "state": "SELECT key, value FROM platform_state",
    "tenants": "SELECT id, slug, status FROM tenants",
    "modules": "SELECT tenant_id, module_key FROM tenant_modules WHERE enabled",
    "revisions": "SELECT tenant_id, branch, revision FROM tenant_revisions",
}


@dataclass(frozen=True)
class NothingPending:
    provinces: int
    regencies: int
    current: list[str]  # the tenants checked, all at head


def connect(database_url: str) -> Any | None:  # noqa: ANN401 - a DB-API connection
    """A DB-API connection to the control plane of ``KIBLAT_DATABASE_URL`` (as the app's
    configuration normalised it), or None when there is no SQLite file yet."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if not url.database or not Path(url.database).is_file():
            return None
        return sqlite3.connect(url.database, timeout=30)
    # Imported here: only a PostgreSQL deployment has (and pays for) the driver.
    import psycopg

    return psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False))


def nothing_pending(conn: Any, registry: ModuleRegistry, tenant_locations: Iterable[Path],  # noqa: ANN401
                    tenants: bool, slugs: Iterable[str] | None = None) -> NothingPending | None:
    """What a no-op ``db upgrade`` reports, or None when the control plane, the region list or
    (with ``tenants``) a tenant among ``slugs`` (all when None) may have something to do."""
    control = read_heads([CONTROL_VERSIONS])
    tenant_scripts = read_heads(tenant_locations) if tenants else (frozenset(), {})
    if control is None or tenant_scripts is None:
        return None
    try:
        rows = {name: _rows(conn, sql) for name, sql in QUERIES.items() if tenants or name in
                ("versions", "provinces", "regencies", "state")}
    except Exception:  # noqa: BLE001 - any failure (e.g. no control plane yet): the full upgrade decides
        return None
    if frozenset(r[0] for r in rows["versions"]) != control[0]:
        return None
    provinces, regencies = rows["provinces"][0][0], rows["regencies"][0][0]
    if not regencies or dict(rows["state"]).get(REGIONS_STAMP_KEY) != shipped_regions_stamp():
        return None
    current = _tenants_at_head(rows, registry, tenant_scripts[1], slugs) if tenants else []
    if current is None:
        return None
    return NothingPending(provinces, regencies, current)


def _rows(conn: Any, sql: str) -> list[tuple]:  # noqa: ANN401
    cursor = conn.cursor()
    try:
        cursor.execute(sql)
        return [tuple(row) for row in cursor.fetchall()]
    finally:
        cursor.close()


def _tenants_at_head(rows: dict[str, list[tuple]], registry: ModuleRegistry, heads: dict[str, str],
                     slugs: Iterable[str] | None) -> list[str] | None:
    wanted = set(slugs) if slugs is not None else None
    modules: dict[int, set[str]] = {}
    for tenant_id, key in rows["modules"]:
        modules.setdefault(tenant_id, set()).add(key)
    revisions: dict[int, dict[str, str]] = {}
    for tenant_id, branch, revision in rows["revisions"]:
        revisions.setdefault(tenant_id, {})[branch] = revision
    known = set(registry.keys())
    current = []
    for tenant_id, slug, status in rows["tenants"]:
        if status == PROVISIONING or (wanted is not None and slug not in wanted):
            continue
        branches = [CORE_BRANCH, *registry.dependency_order(modules.get(tenant_id, set()) & known)]
        recorded = revisions.get(tenant_id, {})
        if any(recorded.get(b) != heads.get(b) for b in branches):
            return None
        current.append(slug)
    return sorted(current)
