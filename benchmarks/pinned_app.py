"""The platform with tenancy pinned: for the home-page benchmark's tenancy-only comparison.

The same app as ``kiblat.platform.core.wsgi:app`` (every hook, session, CSRF, log line,
security header and page cache), except that the hook resolving the tenant from the Host
header is replaced by one that always selects the tenant named by ``BENCH_PIN_TENANT``, as a
single-tenant deployment would. Only this benchmark imports it: no setting of the platform
itself can pin a tenant. Platform ÷ this app is the price of resolving tenants by host.
"""

from __future__ import annotations

import os

from kiblat.platform.core.app import create_app
from kiblat.tenants.context import set_current_tenant
from kiblat.tenants.registry import tenant_registry
from kiblat.tenants.routing import resolve_tenant

PINNED_SLUG = os.environ["BENCH_PIN_TENANT"]


def pinned_tenant() -> None:
    # Still the registry's snapshot (kept fresh as usual), looked up by slug instead of by host.
    set_current_tenant(tenant_registry().by_slug(PINNED_SLUG))


app = create_app()
hooks = app.before_request_funcs[None]
hooks[hooks.index(resolve_tenant)] = pinned_tenant
