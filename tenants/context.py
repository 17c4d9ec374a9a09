"""The tenant a request or job is for, exposed as the ``current_tenant`` LocalProxy.

The value is an immutable :class:`TenantInfo` snapshot from the tenant cache,
never an ORM object, so it can be shared across requests and threads safely.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask import g, has_app_context
from werkzeug.local import LocalProxy


@dataclass(frozen=True, slots=True)
class BrandingInfo:
    primary_color: str = "#0b6e4f"
    accent_color: str = "#f2a900"
    tagline: str = ""
    head_title: str = ""
    head_name: str = ""
    logo_key: str | None = None
    version: str = "0"


@dataclass(frozen=True, slots=True)
class TenantInfo:
    id: int
    slug: str
    official_name: str
    short_name: str
    region_code: str
    kind: str
    province_code: str
    time_zone: str
    status: str
    primary_host: str
    branding: BrandingInfo = field(default_factory=BrandingInfo)
    modules: frozenset[str] = frozenset()
    module_settings: tuple[tuple[str, dict], ...] = ()
    # (module key, the name the regency gives it) for renamed modules only.
    module_names: tuple[tuple[str, str], ...] = ()
    # The database server holding its schema (see kiblat.tenants.servers); "default" on SQLite.
    database_server: str = "default"
    # True while its data is being moved: reads are served, writes answer "under maintenance".
    read_only: bool = False

    @property
    def schema_name(self) -> str:
        """PostgreSQL schema holding this tenant's data (slug hyphens become underscores)."""
        return schema_name_for(self.slug)

    def has_module(self, key: str) -> bool:
        return key in self.modules

    def module_name(self, key: str, default: str) -> str:
        """The regency's own name for module ``key``, else ``default`` (the module's name)."""
        return dict(self.module_names).get(key) or default

    def settings_for(self, key: str) -> dict:
        return dict(dict(self.module_settings).get(key, {}))


def schema_name_for(slug: str) -> str:
    return "tenant_" + slug.replace("-", "_")


class NoTenant(RuntimeError):
    """Tenant-scoped code ran where no tenant is selected (e.g. on the platform host)."""


def _get_current_tenant() -> TenantInfo:
    tenant = g.get("kiblat_tenant") if has_app_context() else None
    if tenant is None:
        raise NoTenant("no tenant is selected for this request or job")
    return tenant


current_tenant: TenantInfo = LocalProxy(_get_current_tenant)  # type: ignore[assignment]


def get_current_tenant() -> TenantInfo | None:
    """The current tenant, or None on the platform host / outside a tenant scope."""
    return g.get("kiblat_tenant") if has_app_context() else None


def set_current_tenant(tenant: TenantInfo | None) -> None:
    g.kiblat_tenant = tenant


@contextmanager
def tenant_context(tenant: TenantInfo) -> Iterator[TenantInfo]:
    """Run code (CLI, jobs, tests) as if a request for ``tenant`` were being handled."""
    previous = get_current_tenant()
    set_current_tenant(tenant)
    try:
        yield tenant
    finally:
        set_current_tenant(previous)
