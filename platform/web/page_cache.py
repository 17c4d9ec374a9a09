"""Per-worker cache of pages that are the same for every anonymous visitor of a tenant.

For pages built from the tenant registry (name, branding, modules), so the registry's
version is part of the key: any change to tenants, domains, branding or modules gives new
keys. Figures modules add to such a page (``home_summary``) may lag by ``MAX_AGE`` seconds. Signed-in visitors, pending flash messages and query strings
always get a freshly rendered page.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from threading import Lock

from flask import Flask, Request, current_app, request, session

from kiblat.platform.web.i18n import select_locale
from kiblat.tenants.context import get_current_tenant
from kiblat.tenants.registry import tenant_registry

MAX_PAGES = 2048
MAX_AGE = 60.0
# Set in the WSGI environ of a request answered with a kept page: (made at, tenant registry
# version it was made from, tenant slug, endpoint, path). The response cache (``response_cache.py``) keeps such responses whole.
CACHEABLE_PAGE_KEY = "kiblat.cacheable_page"
_lock = Lock()


def _pages(app: Flask) -> OrderedDict[tuple, tuple[float, bytes]]:
    return app.extensions.setdefault("kiblat_page_cache", OrderedDict())


def _cacheable(app: Flask, current: Request) -> bool:
    visitor = session._get_current_object()
    return (
        current.method == "GET"
        and not current.query_string
        and not visitor.get("uid")
        and not visitor.get("_flashes")
        and "impersonation" not in visitor
        and not app.debug
    )


def cached_for_anonymous(view: Callable[..., str]) -> Callable[..., str | bytes]:
    @wraps(view)
    def wrapped(*args, **kwargs):  # noqa: ANN202
        app = current_app._get_current_object()
        current = request._get_current_object()
        if not _cacheable(app, current):
            return view(*args, **kwargs)
        tenant = get_current_tenant()
        key = (tenant.slug if tenant else "", tenant_registry().version, select_locale(), current.path)
        pages = _pages(app)
        now = time.monotonic()
        with _lock:
            cached = pages.get(key)
            if cached is not None and now - cached[0] < MAX_AGE:
                pages.move_to_end(key)
                current.environ[CACHEABLE_PAGE_KEY] = (cached[0], key[1], key[0] or None, current.endpoint, current.path)
                return cached[1]
        page = view(*args, **kwargs)
        if isinstance(page, str):
            # Kept as UTF-8, as it is sent: half the memory of a str holding any character
            # beyond Latin-1 (a dash, a quote), which matters with a page per regency.
            body = page.encode()
            with _lock:
                pages[key] = (now, body)
                while len(pages) > MAX_PAGES:
                    pages.popitem(last=False)
            current.environ[CACHEABLE_PAGE_KEY] = (now, key[1], key[0] or None, current.endpoint, current.path)
            return body
        return page

    return wrapped
