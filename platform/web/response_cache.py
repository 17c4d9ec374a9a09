"""Whole responses of anonymous pages, answered again without running the app.

The page cache (``page_cache.py``) already keeps the HTML of pages that are the same for every
anonymous visitor of a regency. Answering one still ran every request hook: session, CSRF,
tenant resolution, security headers, compression, log line and metrics — most of the time of
such a request. This WSGI layer keeps the finished response (status, headers, body) of those
pages, as the app produced it, and answers the same request again directly, with the same log
line, the same metrics and a request id of its own.

Only what cannot differ between visitors is answered here: a GET with no cookie, no
``Authorization`` header and no query string, for the same scheme, ``Host``, path and
``Accept-Encoding``, of a response the page cache marked as kept for anonymous visitors. An
entry is valid while the tenant registry's page version for its regency is the one it was made
from (every change to tenants, domains, branding or modules, or to the regency's public content,
makes a new one) and until the page cache's own copy expires; when the registry is due to check the control plane for changes, the
request goes through the app, which does that check. So a suspended, moved or rebranded regency
is never answered from here with what it was before.
"""

from __future__ import annotations

import secrets
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from threading import Lock
from typing import Any

from werkzeug.sansio.utils import get_host

from kiblat.platform.web import page_cache
from kiblat.platform.web.request_log import REQUEST_ID_RE, log_answered
from kiblat.tenants.registry import PageVersion

MAX_RESPONSES = 2048
# Distinct header lines shared between kept responses (most are the same for every regency).
MAX_SHARED_HEADER_LINES = 4096
# Distinct header lists (without Content-Length) shared between kept responses: pages of every
# regency have the same ones.
MAX_SHARED_HEADER_LISTS = 256
NOT_KEPT_HEADERS = {"set-cookie", "x-request-id"}

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict, StartResponse], Iterable[bytes]]
Observer = Callable[[str, str, int, "str | None", float], None]


@dataclass(frozen=True, slots=True)  # slots: one per regency and page, ~300 bytes less each
class KeptResponse:
    expires_at: float  # time.monotonic() after which the page cache makes the page again
    version: PageVersion  # the registry's page version of its regency
    status: str  # interned: one "200 OK" for every entry
    headers: tuple[tuple[str, str], ...]  # without Content-Length: one tuple shared by most entries
    length_at: int  # where the Content-Length line goes back (the body's length), -1: none
    body: bytes
    body_is_compressed: bool  # the page cache's packed form of the page, shared with it
    dictionary: bytes | None  # to unpack it with
    tenant_slug: str | None
    endpoint: str
    path: str  # as the app's log line gives it


class AnonymousResponseCache:
    """WSGI middleware in front of the Flask app (``app.wsgi_app``).

    ``page_version(slug)`` returns the tenant registry's page version of a regency (``None``: the
    platform) while its snapshot needs no check, else None; ``observers`` (the request metrics) are called for every request answered
    from the cache as ``observe(endpoint, method, status, tenant_slug, seconds)``.
    """

    def __init__(self, wsgi_app: WsgiApp, page_version: Callable[[str | None], PageVersion | None],
                 json_logs: bool, observers: Iterable[Observer] = ()) -> None:
        self.wsgi_app = wsgi_app
        self.page_version = page_version
        self.json_logs = json_logs
        self.observers = tuple(observers)
        self._responses: dict[tuple, KeptResponse] = {}
        self._header_lines: dict[tuple[str, str], tuple[str, str]] = {}
        self._header_lists: dict[tuple, tuple] = {}
        self._lock = Lock()

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        key = _key(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        kept = self._responses.get(key)
        if kept is not None and self._still_valid(kept):
            return self._answer(kept, environ, start_response, started)
        return self._run_and_keep(key, environ, start_response)

    def clear(self) -> None:
        with self._lock:
            self._responses.clear()
            self._header_lines.clear()
            self._header_lists.clear()

    def _still_valid(self, kept: KeptResponse) -> bool:
        return (kept.version == self.page_version(kept.tenant_slug)
                and time.monotonic() < kept.expires_at)

    def _shared(self, headers: list[tuple[str, str]], length: int) -> tuple[tuple[tuple[str, str], ...], int]:
        """The kept header lines and where Content-Length goes back among them. The list
        without Content-Length (which is the body's length, different for each page) is one
        object shared by every entry that has it, and so is each line: a worker serving a
        thousand regencies keeps one copy of the security headers, not a thousand. Called
        under the lock."""
        lines = self._header_lines
        shared, length_at = [], -1
        for name, value in headers:
            lowered = name.lower()
            if lowered in NOT_KEPT_HEADERS:
                continue
            if lowered == "content-length" and length_at < 0 and value == str(length):
                length_at = len(shared)
                continue
            line = (name, value)
            kept = lines.get(line)
            if kept is None:
                if len(lines) < MAX_SHARED_HEADER_LINES:
                    lines[line] = line
                kept = line
            shared.append(kept)
        listed = tuple(shared)
        kept_list = self._header_lists.get(listed)
        if kept_list is None:
            kept_list = listed
            if len(self._header_lists) < MAX_SHARED_HEADER_LISTS:
                self._header_lists[listed] = listed
        return kept_list, length_at

    def _answer(self, kept: KeptResponse, environ: dict, start_response: StartResponse,
                started: float) -> Iterable[bytes]:
        incoming = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if REQUEST_ID_RE.match(incoming) else secrets.token_hex(16)
        body = page_cache.unpack(kept.body, kept.dictionary) if kept.body_is_compressed else kept.body
        headers = [*kept.headers, ("X-Request-ID", request_id)]
        if kept.length_at >= 0:
            headers.insert(kept.length_at, ("Content-Length", str(len(body))))
        start_response(kept.status, headers)
        seconds = time.perf_counter() - started
        status = int(kept.status[:3])
        log_answered(request_id, get_host(environ.get("wsgi.url_scheme", "http"), environ["HTTP_HOST"]), kept.tenant_slug, "GET", kept.path, status,
                     round(seconds * 1000, 2), self.json_logs)
        for observe in self.observers:
            observe(kept.endpoint, "GET", status, kept.tenant_slug, seconds)
        return [body]

    def _run_and_keep(self, key: tuple, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        seen: list = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:  # noqa: ANN401
            seen[:] = [status, headers]
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        body_parts = self.wsgi_app(environ, capture)
        mark = environ.get(page_cache.CACHEABLE_PAGE_KEY)
        if mark is None or not seen or not seen[0].startswith("200"):
            return body_parts
        status, headers = seen
        version = mark.version
        if version != self.page_version(mark.tenant_slug) or any(name.lower() == "set-cookie" for name, _ in headers):
            # Made from a snapshot that is already outdated, or due for a check; or personal.
            return body_parts
        try:
            body = b"".join(body_parts)
        finally:
            close = getattr(body_parts, "close", None)
            if close is not None:
                close()
        # The page itself (not, say, its gzip form): keep the page cache's compressed copy.
        shared = body == mark.body
        with self._lock:
            kept_headers, length_at = self._shared(headers, len(body))
            kept = KeptResponse(mark.expires_at, version, sys.intern(status), kept_headers, length_at,
                                mark.compressed if shared else body, shared,
                                mark.dictionary if shared else None, mark.tenant_slug, mark.endpoint, mark.path)
            # Interned: one path, scheme and Accept-Encoding object for every regency's entry.
            self._responses[tuple(sys.intern(part) for part in key)] = kept
            while len(self._responses) > MAX_RESPONSES:
                # Oldest first (dicts keep insertion order).
                del self._responses[next(iter(self._responses))]
        return [body]


def _key(environ: dict) -> tuple | None:
    """The cache key of a request that may be answered from the cache, else None."""
    if (environ.get("REQUEST_METHOD") != "GET" or environ.get("QUERY_STRING") or "HTTP_COOKIE" in environ
            or "HTTP_AUTHORIZATION" in environ or "HTTP_HOST" not in environ):
        return None
    return (environ.get("wsgi.url_scheme"), environ["HTTP_HOST"], environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""), environ.get("HTTP_ACCEPT_ENCODING", ""))
