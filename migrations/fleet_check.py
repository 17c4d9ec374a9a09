"""Whether ``kiblat db upgrade`` has anything to do, answered from the control plane alone.

An upgrade with nothing pending changes nothing, yet building the app and running Alembic for
the control plane cost many times the few queries that decide it. This reads what the full
upgrade would compare, on one plain DB-API connection (``tenants/dbapi.py``) and from the scripts'
headers (``heads.py``), without Alembic, the app or any model:

* the control plane's ``alembic_version`` against its script heads;
* the region list's stamp against the shipped files (``platform/regions/sync.py``);
* each tenant's recorded revisions against the head of every branch it needs, as
  ``runner.pending_tenants`` compares them.

Anything it cannot tell (no database file yet, a table missing, a header it cannot read) counts
as pending: the caller then runs the full upgrade, which decides and reports as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiblat.migrations.heads import CONTROL_VERSIONS, CORE_BRANCH, read_heads
from kiblat.platform.modular.registry import ModuleRegistry
from kiblat.platform.regions.data import REGIONS_STAMP_KEY, shipped_regions_stamp
from kiblat.tenants.dbapi import fetch_rows

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


def nothing_pending(conn: Any, registry: ModuleRegistry, tenant_locations: Iterable[Path],  # noqa: ANN401
                    tenants: bool, slugs: Iterable[str] | None = None) -> NothingPending | None:
    """What a no-op ``db upgrade`` reports, or None when the control plane, the region list or
    (with ``tenants``) a tenant among ``slugs`` (all when None) may have something to do."""
    control = read_heads([CONTROL_VERSIONS])
    tenant_scripts = read_heads(tenant_locations) if tenants else (frozenset(), {})
    if control is None or tenant_scripts is None:
        return None
    try:
        rows = {name: fetch_rows(conn, sql) for name, sql in QUERIES.items() if tenants or name in
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
