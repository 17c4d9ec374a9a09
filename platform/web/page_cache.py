"""Per-worker cache of pages that are the same for every anonymous visitor of a tenant.

For pages built from the tenant registry (name, branding, modules) and from a module's public
content, so the key holds the registry's version and the regency's page stamp
(:meth:`TenantRegistry.page_version`): any change to tenants, domains, branding or modules, and a
committed change to a table a module lists as ``public_tables`` (an announcement), gives new keys
— in this process at once, in others at their next registry check. What changes with time alone
(a scheduled announcement coming out, a pin ending) is the view's to say: ``changes_in`` gives
the seconds until its page may change that way, and the page is kept no longer (nor longer than
``LONGEST_AGE``); a view that says nothing is kept ``MAX_AGE`` seconds. Each page expires a little
early, by a random part of ``SPREAD``, so that the pages a worker made together (after a restart,
say) are not all made again in the same second. Signed-in visitors, pending flash messages and
query strings always get a freshly rendered page.

A page is kept zlib-compressed (:func:`pack`): a worker keeps one per regency it serves. Pages of
different regencies share nearly all their HTML (layout, navigation, footer), so the first page a
worker keeps is the preset dictionary for every later one: a home page of ~1.9 KB keeps in ~80
bytes instead of the ~830 of plain zlib; inflating it again costs a few µs.
"""

from __future__ import annotations

import random
import sys
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from threading import Lock

from flask import Flask, Request, current_app, request, session

from kiblat.platform.web.i18n import select_locale
from kiblat.tenants.context import get_current_tenant
from kiblat.tenants.registry import PageVersion, tenant_registry

MAX_PAGES = 2048
MAX_AGE = 60.0  # seconds, for a view that does not say when its page changes with time
LONGEST_AGE = 600.0  # seconds, for any page
SPREAD = 0.1  # a page expires up to this part of its age early
# Set in the WSGI environ of a request answered with a kept page: a ``PageMark``. The response
# cache (``response_cache.py``) keeps such responses whole.
CACHEABLE_PAGE_KEY = "kiblat.cacheable_page"
ZLIB_WINDOW = 32 * 1024  # the most of a preset dictionary zlib uses (its end)
_lock = Lock()


def preset_dictionary(app: Flask, page: bytes, for_tenant: bool, endpoint: str) -> bytes:
    """The zlib preset dictionary of the app's regency pages (or of its platform pages) of one
    endpoint: the first such page it keeps, never changed afterwards, so every page packed with it
    unpacks with it. Per endpoint: an announcement list packs in ~70 bytes against another
    regency's list, ~200 against a home page."""
    dictionaries = app.extensions.setdefault("kiblat_page_dictionaries", {})
    return dictionaries.setdefault((for_tenant, endpoint), page[-ZLIB_WINDOW:])  # setdefault: one winner each


def pack(page: bytes, dictionary: bytes) -> bytes:
    """The kept form of a page (see the module's text)."""
    compressor = zlib.compressobj(zdict=dictionary)
    return compressor.compress(page) + compressor.flush()


def unpack(packed: bytes, dictionary: bytes) -> bytes:
    """A page as :func:`pack` was given it."""
    return zlib.decompressobj(zdict=dictionary).decompress(packed)


@dataclass(frozen=True, slots=True)
class PageMark:
    expires_at: float  # time.monotonic() after which the page is made again
    version: PageVersion  # the tenant registry's page version it was made from
    tenant_slug: str | None
    endpoint: str
    path: str
    body: bytes  # the page as the view returned it, for this request only
    compressed: bytes  # the kept form (:func:`pack`), which a response cache may share instead of a copy
    dictionary: bytes  # what :func:`unpack` needs for it


def _pages(app: Flask) -> OrderedDict[tuple, tuple[float, bytes, bytes]]:
    return app.extensions.setdefault("kiblat_page_cache", OrderedDict())


def forget_all(app: Flask) -> None:
    """Drops every page the app keeps (its response cache's copies too)."""
    with _lock:
        _pages(app).clear()
    clear = getattr(app.wsgi_app, "clear", None)
    if clear is not None:
        clear()


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


def keep_for(changes_in: float | None) -> float:
    """Seconds a page is kept, given the seconds until it may change with time alone (``None``:
    nothing is due)."""
    age = LONGEST_AGE if changes_in is None else min(max(changes_in, 0.0), LONGEST_AGE)
    return age * (1.0 - SPREAD * random.random())


def cached_for_anonymous(view: Callable[..., str] | None = None, *,
                         changes_in: Callable[[], float | None] | None = None) -> Callable:
    """Keeps the page of ``view`` per regency, locale and path for anonymous visitors (see the
    module's text). ``changes_in()``, called in the request before the view renders, gives the
    seconds until the page may change with time alone, ``None`` if nothing is due."""
    if view is None:
        return lambda given: cached_for_anonymous(given, changes_in=changes_in)

    @wraps(view)
    def wrapped(*args, **kwargs):  # noqa: ANN202
        app = current_app._get_current_object()
        current = request._get_current_object()
        if not _cacheable(app, current):
            return view(*args, **kwargs)
        tenant = get_current_tenant()
        slug = tenant.slug if tenant else None
        # Interned: the same path and locale objects for every regency's entry, not a copy each.
        key = (slug or "", tenant_registry().page_version(slug), sys.intern(select_locale()), sys.intern(current.path))
        pages = _pages(app)
        now = time.monotonic()
        with _lock:
            cached = pages.get(key)
            if cached is not None and now < cached[0]:
                pages.move_to_end(key)
            else:
                cached = None
        if cached is not None:
            expires_at, compressed, dictionary = cached
            body = unpack(compressed, dictionary)
        else:
            # Asked before rendering: a change due while the view renders is then not missed.
            age = keep_for(changes_in()) if changes_in is not None else keep_for(MAX_AGE)
            page = view(*args, **kwargs)
            if not isinstance(page, str):
                return page
            # Kept as UTF-8, as it is sent, and compressed: a page per regency adds up.
            expires_at, body = now + age, page.encode()
            dictionary = preset_dictionary(app, body, tenant is not None, current.endpoint)
            compressed = pack(body, dictionary)
            with _lock:
                pages[key] = (expires_at, compressed, dictionary)
                while len(pages) > MAX_PAGES:
                    pages.popitem(last=False)
        current.environ[CACHEABLE_PAGE_KEY] = PageMark(expires_at, key[1], key[0] or None, current.endpoint,
                                                       key[3], body, compressed, dictionary)  # key[3]: the interned path
        return body

    return wrapped
