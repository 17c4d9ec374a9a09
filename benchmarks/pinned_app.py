"""Variants of the platform for the home-page benchmark, switched by environment variables.

The same app as ``kiblat.platform.core.wsgi:app`` (every hook, session, CSRF, log line,
security header, page cache and response cache), except:

* ``BENCH_PIN_TENANT=<slug>``: the hook resolving the tenant from the Host header is replaced by
  one that always selects that tenant, as a single-tenant deployment would. Platform ÷ this app
  is the price of resolving tenants by host.
* ``BENCH_RESPONSE_CACHE=off``: the anonymous response cache is taken out, so every request runs
  every hook of the app (what a page that is not kept, or a signed-in visitor, costs).

Only this benchmark imports it: no setting of the platform itself can do either.
"""

from __future__ import annotations

import os

from kiblat.platform.core.app import create_app
from kiblat.platform.web.response_cache import AnonymousResponseCache
from kiblat.tenants.context import set_current_tenant
from kiblat.tenants.registry import tenant_registry
from kiblat.tenants.routing import resolve_tenant

PINNED_SLUG = os.environ.get("BENCH_PIN_TENANT")


def pinned_tenant() -> None:
    # Still the registry's snapshot (kept fresh as usual), looked up by slug instead of by host.
    set_current_tenant(tenant_registry().by_slug(PINNED_SLUG))


app = create_app()
if PINNED_SLUG:
    hooks = app.before_request_funcs[None]
    hooks[hooks.index(resolve_tenant)] = pinned_tenant
if os.environ.get("BENCH_RESPONSE_CACHE") == "off":
    # The cache is the layer right around Flask's own WSGI app (a proxy fix may wrap it).
    outer = app
    while not isinstance(outer.wsgi_app, AnonymousResponseCache):
        outer = outer.wsgi_app
    outer.wsgi_app = outer.wsgi_app.wsgi_app
