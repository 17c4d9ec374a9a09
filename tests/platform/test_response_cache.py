"""Anonymous pages answered again from the response cache: the same response the app gives, never
another regency's, never a signed-in visitor's, never after the regency changed."""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, request
from prometheus_client import REGISTRY

from kiblat.platform.core.app import create_app
from kiblat.platform.core.extensions import db
from kiblat.platform.web import page_cache, response_cache
from kiblat.tenants import services
from tests.conftest import build_environ
from tests.identity.helpers import add_user, sign_in


@pytest.fixture
def cached_app(app: Flask) -> Iterator[tuple[Flask, list[str]]]:
    """A second app on the same databases whose tenant snapshot stays fresh for an hour (as a
    deployment's does between checks), with a hook that notes every request the app itself ran."""
    served = create_app(build_environ(Path(app.instance_path), app.config["SQLALCHEMY_DATABASE_URI"],
                                      KIBLAT_TENANT_CACHE_CHECK_SECONDS="3600"))
    ran: list[str] = []

    @served.before_request
    def note_request() -> None:
        ran.append(request.path)

    yield served, ran
    with served.app_context():
        served.extensions["kiblat_tenant_engines"].dispose()
        db.engine.dispose()


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _requests_counted(tenant_slug: str) -> float:
    return REGISTRY.get_sample_value("kiblat_tenant_http_requests_total",
                                     {"tenant": tenant_slug, "status_class": "2xx"}) or 0.0


def test_second_anonymous_visit_is_the_same_response_without_running_the_app(cached_app, make_tenant) -> None:
    served, ran = cached_app
    tenant = make_tenant()
    client = served.test_client()
    lines = Lines()
    logging.getLogger("kiblat.request").addHandler(lines)
    try:
        counted = _requests_counted(tenant.slug)
        first = client.get("/", base_url=f"http://{tenant.primary_host}")
        second = client.get("/", base_url=f"http://{tenant.primary_host}", headers={"X-Request-ID": "abcdef0123456789"})
    finally:
        logging.getLogger("kiblat.request").removeHandler(lines)
    assert ran == ["/"]  # the second visit never reached the app
    assert second.status_code == first.status_code == 200
    assert second.get_data() == first.get_data()
    assert tenant.official_name in second.get_data(as_text=True)
    without_id = lambda response: [(k, v) for k, v in response.headers if k != "X-Request-ID"]  # noqa: E731
    assert without_id(second) == without_id(first)  # security headers, Vary, length: all the same
    assert second.headers["X-Request-ID"] == "abcdef0123456789" != first.headers["X-Request-ID"]
    # Logged and counted like any request.
    assert len(lines.lines) == 2 and "request_id=abcdef0123456789" in lines.lines[1]
    assert f"tenant={tenant.slug}" in lines.lines[1] and "status=200" in lines.lines[1]
    assert _requests_counted(tenant.slug) == counted + 2


def test_each_host_gets_its_own_regency_page(cached_app, make_tenant) -> None:
    served, ran = cached_app
    one, other = make_tenant(), make_tenant()
    client = served.test_client()
    for _ in range(3):
        for mine, theirs in ((one, other), (other, one)):
            page = client.get("/", base_url=f"http://{mine.primary_host}").get_data(as_text=True)
            assert mine.official_name in page and theirs.official_name not in page
    assert sorted(ran) == ["/", "/"]  # each host's page was made once, by the app
    assert client.get("/", base_url="http://tidak-ada.kiblat.test").status_code == 404  # unknown host: the app says so


def test_regencies_pages_share_their_identical_header_lines(cached_app, make_tenant) -> None:
    """Memory stays flat with the fleet: a header line that is the same for two regencies
    (security headers, content type) is kept once, and so is the list of them without
    Content-Length; each keeps its own page, and each answer has its own page's length."""
    served, _ran = cached_app
    one, other = make_tenant(), make_tenant()
    client = served.test_client()
    made = {tenant.slug: client.get("/", base_url=f"http://{tenant.primary_host}") for tenant in (one, other)}
    kept = {entry.tenant_slug: entry for entry in served.wsgi_app._responses.values()}
    assert kept[one.slug].headers is kept[other.slug].headers
    assert not any(name.lower() == "content-length" for name, _ in kept[one.slug].headers)
    for tenant in (one, other):
        again = client.get("/", base_url=f"http://{tenant.primary_host}")
        assert again.get_data() == made[tenant.slug].get_data()
        assert again.headers["Content-Length"] == made[tenant.slug].headers["Content-Length"] == str(len(again.get_data()))
    first = {line[0]: line for line in kept[one.slug].headers}
    second = {line[0]: line for line in kept[other.slug].headers}
    same = [name for name in first if name in second and first[name] == second[name]]
    assert "Content-Security-Policy" in same and "Content-Type" in same
    assert all(first[name] is second[name] for name in same)
    assert kept[one.slug].body != kept[other.slug].body


def test_each_kept_answer_carries_its_own_pages_length_in_place() -> None:
    """Pages of different lengths share one kept header list; each answer gets its own
    Content-Length back where the app had put it."""
    pages = {"satu.kiblat.test": b"<p>satu</p>", "dua.kiblat.test": b"<p>dua, lebih panjang</p>"}
    dictionary = b"<p></p>"

    def app(environ: dict, start_response) -> list[bytes]:  # noqa: ANN001
        body = pages[environ["HTTP_HOST"]]
        environ[page_cache.CACHEABLE_PAGE_KEY] = page_cache.PageMark(
            float("inf"), (0, 1, 0), environ["HTTP_HOST"], "web.home", "/", body,
            page_cache.pack(body, dictionary), dictionary)
        start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(body))),
                                  ("X-Frame-Options", "DENY")])
        return [body]

    cache = response_cache.AnonymousResponseCache(app, lambda _slug: (0, 1, 0), json_logs=True)
    answers = []
    for _ in range(2):
        for host in pages:
            seen: list = []
            environ = {"REQUEST_METHOD": "GET", "HTTP_HOST": host, "PATH_INFO": "/", "wsgi.url_scheme": "http"}
            body = b"".join(cache(environ, lambda status, headers, seen=seen: seen.extend([status, headers])))
            answers.append((host, body, seen[1]))
    for host, body, headers in answers[len(pages):]:  # the second round: from the cache
        assert body == pages[host]
        assert [name for name, _ in headers] == ["Content-Type", "Content-Length", "X-Frame-Options", "X-Request-ID"]
        assert dict(headers)["Content-Length"] == str(len(pages[host]))
    first, second = (entry.headers for entry in cache._responses.values())
    assert first is second


def test_a_kept_page_is_one_compressed_copy_answered_whole(cached_app, make_tenant) -> None:
    """A worker keeps a page per regency once, compressed, for both caches; visitors get the
    page as rendered."""
    served, ran = cached_app
    tenant = make_tenant()
    client = served.test_client()
    base = f"http://{tenant.primary_host}"
    rendered = client.get("/", base_url=base).get_data()
    ((_key, (_expires_at, compressed, dictionary)),) = served.extensions["kiblat_page_cache"].items()
    assert page_cache.unpack(compressed, dictionary) == rendered and len(compressed) < len(rendered) / 1.5
    kept = next(e for e in served.wsgi_app._responses.values() if e.tenant_slug == tenant.slug)
    assert kept.body_is_compressed and kept.body is compressed  # one copy, not two
    assert client.get("/", base_url=base).get_data() == rendered
    # Another key (a client that accepts gzip; a page this small is sent as is): the same copy.
    assert client.get("/", base_url=base, headers={"Accept-Encoding": "gzip"}).get_data() == rendered
    assert all(e.body is compressed for e in served.wsgi_app._responses.values() if e.tenant_slug == tenant.slug)
    assert len(served.wsgi_app._responses) == 2 and ran == ["/", "/"]


def test_pages_of_other_regencies_keep_in_a_fraction_of_plain_zlib(cached_app, make_tenant) -> None:
    """The HTML regencies share is the preset dictionary: a page per regency stays small."""
    served, _ran = cached_app
    client = served.test_client()
    pages = {}
    for tenant in (make_tenant(), make_tenant(), make_tenant()):
        pages[tenant.slug] = client.get("/", base_url=f"http://{tenant.primary_host}").get_data()
    kept = {key[0]: entry for key, entry in served.extensions["kiblat_page_cache"].items()}
    for slug, rendered in pages.items():
        _expires_at, packed, dictionary = kept[slug]
        assert page_cache.unpack(packed, dictionary) == rendered
        assert len(packed) < len(zlib.compress(rendered)) / 3, slug


def test_visitors_with_a_cookie_a_query_or_another_method_always_reach_the_app(cached_app, make_tenant) -> None:
    served, ran = cached_app
    tenant = make_tenant()
    add_user(served, tenant, email="warga@contoh.id")
    base = f"http://{tenant.primary_host}"
    anonymous = served.test_client()
    anonymous.get("/", base_url=base)
    member = served.test_client()
    sign_in(member, tenant, "warga@contoh.id")
    ran.clear()
    page = member.get("/", base_url=base).get_data(as_text=True)
    assert "Pengguna citizen" in page  # the signed-in visitor's own page, not the kept one
    assert "Pengguna citizen" not in anonymous.get("/", base_url=base).get_data(as_text=True)
    anonymous.get("/?utm=1", base_url=base)
    anonymous.head("/", base_url=base)
    anonymous.get("/", base_url=base, headers={"Authorization": "Bearer x"})
    assert ran == ["/", "/", "/", "/"]  # the member, the query, HEAD, the bearer; not the plain anonymous visit


def test_a_change_to_the_regency_is_seen_at_once(cached_app, make_tenant) -> None:
    served, ran = cached_app
    tenant = make_tenant()
    client = served.test_client()
    base = f"http://{tenant.primary_host}"
    client.get("/", base_url=base)
    with served.app_context():
        services.update_branding(tenant.slug, tagline="Semboyan paling baru")
    assert "Semboyan paling baru" in client.get("/", base_url=base).get_data(as_text=True)
    with served.app_context():
        services.suspend_tenant(tenant.slug)
    assert client.get("/", base_url=base).status_code == 503
    with served.app_context():
        services.resume_tenant(tenant.slug)
    assert client.get("/", base_url=base).status_code == 200


def test_nothing_is_kept_while_the_tenant_snapshot_must_be_checked(app, make_tenant) -> None:
    # The suite's app checks the control plane on every request: no response is ever kept.
    tenant = make_tenant()
    registry = app.extensions["kiblat_tenant_registry"]
    client = app.test_client()
    client.get("/", base_url=f"http://{tenant.primary_host}")
    assert registry.version_if_fresh() is None
    assert client.application.wsgi_app._responses == {}
