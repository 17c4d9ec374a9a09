"""The regencies of a deployment read from the control plane on a plain DB-API connection
(``tenants/dbapi.py``), for ``kiblat tenants list``: building the app (every model, the
module loader, the tenant registry) cost many times the three queries a listing needs.

The tables and columns are those of ``tenants/models.py``; tests/tenants/test_listing.py
checks on both backends that this reads what the tenant registry holds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from kiblat.tenants.dbapi import fetch_rows

QUERIES = {
    "tenants": "SELECT id, slug, official_name, region_code, kind, time_zone, status FROM tenants",
    "domains": "SELECT tenant_id, host, is_primary FROM tenant_domains ORDER BY id",
    "modules": "SELECT tenant_id, module_key FROM tenant_modules WHERE enabled",
}
# The same, for one tenant by slug (one ``?``).
ONE_TENANT_QUERIES = {
    "tenants": QUERIES["tenants"] + " WHERE slug = ?",
    "domains": "SELECT tenant_id, host, is_primary FROM tenant_domains "
               "WHERE tenant_id = (SELECT id FROM tenants WHERE slug = ?) ORDER BY id",
    "modules": QUERIES["modules"] + " AND tenant_id = (SELECT id FROM tenants WHERE slug = ?)",
}


def primary_host(hosts: list[tuple[str, bool]]) -> str:
    """The host a tenant is addressed by: its primary domain, else its first one (in the order
    the domains were added). The tenant registry decides it the same way."""
    return next((host for host, is_primary in hosts if is_primary), hosts[0][0] if hosts else "")


@dataclass(frozen=True)
class ListedTenant:
    slug: str
    official_name: str
    region_code: str
    kind: str
    time_zone: str
    status: str
    host: str
    modules: tuple[str, ...]  # enabled, sorted


def listed_tenants(conn: Any, slug: str | None = None) -> list[ListedTenant]:  # noqa: ANN401 - a DB-API connection
    """Every tenant, by slug (or only ``slug``'s); a database error (no control plane yet) propagates."""
    if slug is None:
        rows = {name: fetch_rows(conn, sql) for name, sql in QUERIES.items()}
    else:
        rows = {name: fetch_rows(conn, sql, (slug,)) for name, sql in ONE_TENANT_QUERIES.items()}
    hosts: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for tenant_id, host, is_primary in rows["domains"]:
        hosts[tenant_id].append((host, bool(is_primary)))
    modules: dict[int, list[str]] = defaultdict(list)
    for tenant_id, key in rows["modules"]:
        modules[tenant_id].append(key)
    return sorted((
        ListedTenant(slug, name, region, kind, zone, status, primary_host(hosts[tenant_id]),
                     tuple(sorted(modules[tenant_id])))
        for tenant_id, slug, name, region, kind, zone, status in rows["tenants"]
    ), key=lambda t: t.slug)  # as the registry sorts: by code point, whatever the database's collation
