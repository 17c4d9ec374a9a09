"""Whether ``kiblat db upgrade`` has anything to do, answered from the control plane alone.

An upgrade with nothing pending changes nothing, yet building the app and running Alembic for
the control plane cost many times the few queries that decide it. This reads what the full
upgrade would compare, with SQLAlchemy Core on one connection and the scripts' headers
(``heads.py``), without Alembic, the app or any model:

* the control plane's ``alembic_version`` against its script heads;
* the region list's stamp against the shipped files (``platform/regions/sync.py``);
* each tenant's recorded revisions against the head of every branch it needs, as
  ``runner.pending_tenants`` compares them.

Anything it cannot tell (a table missing, a header it cannot read) counts as pending: the
caller then runs the full upgrade, which decides as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Boolean, Connection, Integer, String, column, func, select, table
from sqlalchemy.exc import SQLAlchemyError

from kiblat.migrations.heads import CONTROL_VERSIONS, CORE_BRANCH, read_heads
from kiblat.platform.modular.registry import ModuleRegistry
from kiblat.platform.regions.data import REGIONS_STAMP_KEY, shipped_regions_stamp

# The control-plane columns read here (their models: tenants/models.py, platform/regions/models.py).
_alembic_version = table("alembic_version", column("version_num", String))
_platform_state = table("platform_state", column("key", String), column("value", Integer))
_provinces = table("regions_province", column("code", String))
_regencies = table("regions_regency", column("code", String))
_tenants = table("tenants", column("id", Integer), column("slug", String), column("status", String))
_modules = table("tenant_modules", column("tenant_id", Integer), column("module_key", String),
                 column("enabled", Boolean))
_revisions = table("tenant_revisions", column("tenant_id", Integer), column("branch", String),
                   column("revision", String))
PROVISIONING = "provisioning"  # TenantStatus.PROVISIONING: not upgraded until provisioned


@dataclass(frozen=True)
class NothingPending:
    provinces: int
    regencies: int
    current: list[str]  # the tenants checked, all at head


def nothing_pending(conn: Connection, registry: ModuleRegistry, tenant_locations: Iterable[Path],
                    tenants: bool, slugs: Iterable[str] | None = None) -> NothingPending | None:
    """What a no-op ``db upgrade`` reports, or None when the control plane, the region list or
    (with ``tenants``) a tenant among ``slugs`` (all when None) may have something to do."""
    control = read_heads([CONTROL_VERSIONS])
    tenant_scripts = read_heads(tenant_locations) if tenants else (frozenset(), {})
    if control is None or tenant_scripts is None:
        return None
    try:
        versions = frozenset(conn.scalars(select(_alembic_version.c.version_num)))
        if versions != control[0]:
            return None
        provinces = conn.scalar(select(func.count()).select_from(_provinces))
        regencies = conn.scalar(select(func.count()).select_from(_regencies))
        stamp = conn.scalar(select(_platform_state.c.value).where(_platform_state.c.key == REGIONS_STAMP_KEY))
        if not regencies or stamp != shipped_regions_stamp():
            return None
        current = _tenants_at_head(conn, registry, tenant_scripts[1], slugs) if tenants else []
    except SQLAlchemyError:
        return None  # e.g. a control plane not created yet
    if current is None:
        return None
    return NothingPending(provinces, regencies, current)


def _tenants_at_head(conn: Connection, registry: ModuleRegistry, heads: dict[str, str],
                     slugs: Iterable[str] | None) -> list[str] | None:
    wanted = set(slugs) if slugs is not None else None
    modules: dict[int, set[str]] = {}
    for tenant_id, key in conn.execute(select(_modules.c.tenant_id, _modules.c.module_key)
                                       .where(_modules.c.enabled.is_(True))):
        modules.setdefault(tenant_id, set()).add(key)
    revisions: dict[int, dict[str, str]] = {}
    for tenant_id, branch, revision in conn.execute(
            select(_revisions.c.tenant_id, _revisions.c.branch, _revisions.c.revision)):
        revisions.setdefault(tenant_id, {})[branch] = revision
    known = set(registry.keys())
    current = []
    for tenant_id, slug in conn.execute(select(_tenants.c.id, _tenants.c.slug)
                                        .where(_tenants.c.status != PROVISIONING)):
        if wanted is not None and slug not in wanted:
            continue
        branches = [CORE_BRANCH, *registry.dependency_order(modules.get(tenant_id, set()) & known)]
        recorded = revisions.get(tenant_id, {})
        if any(recorded.get(b) != heads.get(b) for b in branches):
            return None
        current.append(slug)
    return sorted(current)
