"""Run command-line code inside one tenant, with a clear error when the tenant cannot be used.

Modules' ``cli.py`` use it; it lives here, below the modules, so they need not import the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry


@contextmanager
def run_in_tenant(slug: str, module: str | None = None) -> Iterator[TenantInfo]:
    tenant = tenant_registry().by_slug(slug)
    if tenant is None:
        raise click.ClickException(f"Tenant {slug!r} tidak ditemukan")
    if module is not None and module not in tenant.modules:
        raise click.ClickException(f"Modul {module} tidak aktif pada tenant {slug}")
    with tenant_context(tenant):
        try:
            yield tenant
        finally:
            tenant_db.session.close()
