"""What every response carries: security headers, request id, log line, light pages."""

from __future__ import annotations

import json
import logging
import re

from kiblat.platform.core.app import create_app
from tests.conftest import build_environ, get


def test_security_headers_and_request_id(app, client, make_tenant):
    tenant = make_tenant()
    response = get(client, tenant.primary_host, "/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert len(response.headers["X-Request-ID"]) == 32
    echoed = get(client, tenant.primary_host, "/", headers={"X-Request-ID": "abc-12345678"})
    assert echoed.headers["X-Request-ID"] == "abc-12345678"
    forged = get(client, tenant.primary_host, "/", headers={"X-Request-ID": "<script>"})
    assert forged.headers["X-Request-ID"] != "<script>"


def test_one_log_line_per_request_with_tenant_status_and_duration(app, client, make_tenant, caplog):
    tenant = make_tenant()
    with caplog.at_level(logging.INFO, logger="kiblat.request"):
        get(client, tenant.primary_host, "/pengumuman/99999")
    lines = [r.getMessage() for r in caplog.records if r.name == "kiblat.request"]
    assert len(lines) == 1
    assert f"tenant={tenant.slug}" in lines[0] and "status=404" in lines[0] and "duration_ms=" in lines[0]


def test_production_logs_are_json(tmp_path, caplog):
    application = create_app(build_environ(tmp_path, KIBLAT_ENV="production", KIBLAT_SECRET_KEY="s" * 40))
    with caplog.at_level(logging.INFO, logger="kiblat.request"):
        response = get(application.test_client(), "kiblat.test", "/healthz")
    record = json.loads(next(r.getMessage() for r in caplog.records if r.name == "kiblat.request"))
    assert record["path"] == "/healthz" and record["status"] == response.status_code
    assert "Strict-Transport-Security" in response.headers


def test_branded_404_page_in_bahasa_indonesia(app, client, make_tenant):
    tenant = make_tenant()
    response = get(client, tenant.primary_host, "/tidak-ada")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Halaman tidak ditemukan" in page and tenant.official_name in page


def test_unexpected_error_is_a_branded_500_with_request_id(tmp_path):
    application = create_app(build_environ(tmp_path))

    @application.get("/boom")
    def boom():  # noqa: ANN202
        raise RuntimeError("kaboom")

    response = get(application.test_client(), "kiblat.test", "/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "terjadi kesalahan" in page.lower() and response.headers["X-Request-ID"] in page
    assert "kaboom" not in page


def test_language_switch_never_redirects_off_site(app, client):
    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = get(client, "kiblat.test", f"/bahasa/en?next={target}")
        assert response.status_code == 302 and response.headers["Location"] == "/"
    response = get(client, "kiblat.test", "/bahasa/en?next=/pengumuman/")
    assert response.headers["Location"] == "/pengumuman/"
    assert get(client, "kiblat.test", "/bahasa/fr").status_code == 404


def test_tenant_home_page_is_light(app, client, make_tenant):
    """Under 50 KB transferred: the page plus the assets it links, nothing fetched elsewhere."""
    tenant = make_tenant()
    page = get(client, tenant.primary_host, "/")
    html = page.get_data(as_text=True)
    assets = [get(client, tenant.primary_host, href) for href in ("/static/kiblat.css", "/brand.css")]
    total = len(page.data) + sum(len(a.data) for a in assets)
    assert total < 50_000, total
    # Nothing is loaded from another host (no CDN fonts or frameworks) and no script at all; a plain
    # link to another site (the national complaints channel) is navigation, not a fetch.
    loaded_elsewhere = r'<(?:link|script|img|iframe|source|embed|object)\b[^>]*\b(?:src|href|data)="(?:https?:)?//'
    assert not re.findall(loaded_elsewhere, html)
    assert not re.findall(r'url\(\s*["\']?(?:https?:)?//', html)
    assert "<script" not in html


def test_anonymous_home_page_cache_never_serves_a_stale_or_personal_page(app, client, make_tenant):
    from kiblat.tenants import services
    from tests.identity.helpers import add_user, sign_in

    tenant = make_tenant()
    base = f"http://{tenant.primary_host}"
    first = client.get("/", base_url=base).get_data(as_text=True)
    assert client.get("/", base_url=base).get_data(as_text=True) == first  # served again, identical
    with app.app_context():
        services.update_branding(tenant.slug, tagline="Semboyan baru")
    assert "Semboyan baru" in client.get("/", base_url=base).get_data(as_text=True)

    add_user(app, tenant, email="warga@contoh.id")
    member = app.test_client()
    sign_in(member, tenant, "warga@contoh.id")
    assert "Pengguna citizen" in member.get("/", base_url=base).get_data(as_text=True)
    # The signed-in page was not stored for anonymous visitors.
    assert "Pengguna citizen" not in client.get("/", base_url=base).get_data(as_text=True)


def test_only_the_platform_host_may_send_forms_on_to_regency_subdomains(app, client, make_tenant):
    tenant = make_tenant()
    platform_csp = get(client, "kiblat.test", "/").headers["Content-Security-Policy"]
    tenant_csp = get(client, tenant.primary_host, "/").headers["Content-Security-Policy"]
    assert "form-action 'self' *.kiblat.test:*;" in platform_csp
    assert "form-action 'self';" in tenant_csp


def test_request_log_json_line_is_exactly_what_json_dumps_gives():
    from kiblat.platform.web.request_log import json_line

    for fields in (("0123456789abcdef", "binjai.kiblat.test", "binjai", "GET", "/pengumuman/", 200, 1.25),
                   (None, 'h\u00e9"st', None, "POST", "/a\nb\x00\u2028c", 404, None)):
        record = dict(zip(("request_id", "host", "tenant", "method", "path", "status", "duration_ms"), fields,
                          strict=True))
        assert json.loads(json_line(*fields)) == record
        assert json_line(*fields) == json.dumps(record, separators=(",", ":"))


def test_anonymous_pages_set_no_cookie_and_still_vary_on_it(app, client, make_tenant):
    tenant = make_tenant()
    for path in ("/", "/pengumuman/"):
        response = get(client, tenant.primary_host, path)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers  # no session was started for an anonymous visitor
        assert "Cookie" in response.headers["Vary"]  # the page depends on the cookie a signed-in visitor has
    client.set_cookie("lang", "en", domain=tenant.primary_host)  # a cookie, but no session
    english = get(client, tenant.primary_host, "/")
    assert '<html lang="en">' in english.get_data(as_text=True)  # its own cached page
    assert "Set-Cookie" not in english.headers and "Cookie" in english.headers["Vary"]
