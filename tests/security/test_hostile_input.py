"""Hostile input gets a clean 4xx (JSON on the API), never a 500: numbers no column can
hold, header injection through ``next=``, JSON nested beyond the parser's depth, unreadable
Basic credentials.

The URL-map walk needs no upkeep: every rule of the app, on the platform host and on a
regency with every module enabled, is requested with every method it accepts."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from werkzeug.routing import IntegerConverter, Rule

from kiblat.platform.web.hostile_input import MAX_ID
from tests.api.helpers import TOKEN_PATH, assert_error, bearer, token_for, url
from tests.console.helpers import signed_in_staff
from tests.identity.helpers import add_user, sign_in

OUT_OF_RANGE = (MAX_ID + 1, 2**63, 10**20)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
ARGUMENT_RE = re.compile(r"<(?:([a-z]+)(?:\([^)]*\))?:)?([a-z_]+)>")


def _path(rule: Rule, number: int) -> str:
    """The rule with ``number`` for every integer argument and a plain word for the rest."""
    def value(match: re.Match) -> str:
        return str(number) if isinstance(rule._converters[match.group(2)], IntegerConverter) else "x1"  # noqa: SLF001

    return ARGUMENT_RE.sub(value, rule.rule)


def _has_int_argument(rule: Rule) -> bool:
    return any(isinstance(c, IntegerConverter) for c in rule._converters.values())  # noqa: SLF001


def every_module(app: Flask) -> tuple[str, ...]:
    return tuple(m.key for m in app.extensions["kiblat_modules"])


# Satu Data's CKAN Action API answers in CKAN's documented shape, which CKAN clients (ckanapi) read.
CKAN_PATHS = ("/api/3/action/", "/api/action/")


def _error_shape_ok(path: str, response) -> bool:  # noqa: ANN001
    body = response.get_json(silent=True)
    if path.startswith(CKAN_PATHS):
        return isinstance(body, dict) and body.get("success") is False and isinstance(body.get("error"), dict)
    return isinstance(body, dict) and set(body) == {"error", "message"}


def _walk(client, base_url: str, rules: list[Rule], numbers: tuple[int, ...]) -> list[str]:  # noqa: ANN001
    failures = []
    for rule in rules:
        for number in numbers:
            path = _path(rule, number)
            for method in (m for m in METHODS if m in rule.methods):
                response = client.open(path, method=method, base_url=base_url)
                if response.status_code >= 500:
                    failures.append(f"{method} {base_url}{path} -> {response.status_code}")
                elif _has_int_argument(rule) and number > MAX_ID and response.status_code != 404:
                    failures.append(f"{method} {base_url}{path} -> {response.status_code}, not 404")
                if path.startswith("/api/") and response.status_code >= 400 and not _error_shape_ok(path, response):
                    failures.append(f"{method} {path}: not the API's JSON error shape")
    return failures


@pytest.mark.slow
def test_every_rule_answers_out_of_range_numbers_with_a_4xx(app: Flask, make_tenant, monkeypatch):
    # Configured billing: an unconfigured webhook rightly answers 503 (retry later) to anything.
    monkeypatch.setitem(app.config["KIBLAT_SOURCE_ENV"], "KIBLAT_STRIPE_WEBHOOK_SECRET", "whsec_uji")
    monkeypatch.setitem(app.config, "THROTTLE_LOOKUP_IP", 1_000_000)  # every view runs, none answers 429
    tenant = make_tenant(modules=every_module(app))
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "web.static"]
    assert sum(_has_int_argument(r) for r in rules) >= 16
    failures = []
    for base_url in ("http://kiblat.test", f"http://{tenant.primary_host}"):
        failures += _walk(app.test_client(), base_url, rules, OUT_OF_RANGE)
    # Signed in, the views behind the login checks see an in-range id that does not exist.
    admin = app.test_client()
    add_user(app, tenant, role="admin", email="admin@walk.example")
    assert sign_in(admin, tenant, "admin@walk.example").status_code == 302
    get_rules = [r for r in rules if "GET" in r.methods and _has_int_argument(r)]
    failures += _walk(admin, f"http://{tenant.primary_host}", get_rules, (MAX_ID, *OUT_OF_RANGE))
    failures += _walk(signed_in_staff(app), "http://kiblat.test", get_rules, (MAX_ID, *OUT_OF_RANGE))
    assert failures == [], "\n".join(failures)


def test_out_of_range_numbers_in_query_strings_are_ignored(app: Flask, make_tenant):
    tenant = make_tenant(modules=every_module(app))
    client = app.test_client()
    for path in ("/pengumuman/?halaman=99999999999999999999", "/pengumuman/?halaman=-99999999999999999999"):
        assert client.get(path, base_url=url(tenant)).status_code == 200
    staff = signed_in_staff(app)
    assert staff.get("/staff/aktivitas?halaman=99999999999999999999", base_url="http://kiblat.test").status_code == 200
    admin = app.test_client()
    add_user(app, tenant, role="admin", email="admin@kueri.example")
    assert sign_in(admin, tenant, "admin@kueri.example").status_code == 302
    for query in ("pengguna=99999999999999999999", "halaman=99999999999999999999", "pengguna=-9223372036854775809"):
        assert admin.get(f"/admin/audit?{query}", base_url=url(tenant)).status_code == 200, query


NEXT_VALUES = ["/akun\r\nSet-Cookie: x=1", "/\nLocation: https://jahat.example", "/%0d%0a", "/" + "a" * 5000]


def test_header_injection_through_next_is_refused(app: Flask, make_tenant):
    tenant = make_tenant()
    client = app.test_client()
    for next_value in NEXT_VALUES:
        response = client.get("/bahasa/en", base_url=url(tenant), query_string={"next": next_value})
        assert response.status_code == 302
        assert "\n" not in response.headers["Location"] and "\r" not in response.headers["Location"]
        assert len(response.headers["Location"]) < 2100
        assert client.get("/masuk", base_url=url(tenant), query_string={"next": next_value}).status_code == 200


def test_json_nested_100000_deep_is_a_400_in_the_api_shape(app: Flask, make_tenant):
    tenant = make_tenant()
    client = app.test_client()
    token = token_for(app, client, tenant)
    for body in ("[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000):
        response = client.post("/api/v1/pengumuman", base_url=url(tenant), data=body,
                               headers={**bearer(token), "Content-Type": "application/json"})
        assert_error(response, 400, "invalid_json")


def test_unreadable_basic_credentials_on_the_token_endpoint(app: Flask, make_tenant):
    tenant = make_tenant()
    for header in ("Basic //79/Q==", "Basic ####", "Basic", "Basic " + "QQ" * 3000):
        response = app.test_client().post(TOKEN_PATH, base_url=url(tenant), data={"grant_type": "client_credentials"},
                                          headers={"Authorization": header})
        assert_error(response, 401, "invalid_client")
        assert response.headers["WWW-Authenticate"].startswith("Basic ")


def test_bodies_parsed_in_one_go_are_bounded_and_forms_have_few_parts(app: Flask, make_tenant):
    tenant = make_tenant()
    client = app.test_client()
    tiny_fields = "&".join(f"f{i}=1" for i in range(400_000))  # 3.5 MB, the shape that cost 7.7 s of a worker
    response = client.post("/masuk", base_url=url(tenant), data=tiny_fields,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413
    many_parts = {f"f{i}": "1" for i in range(app.config["MAX_FORM_PARTS"] + 1)}
    assert client.post("/masuk", base_url=url(tenant), data=many_parts,
                       content_type="multipart/form-data").status_code == 413
    big_field = {"catatan": "x" * (app.config["MAX_FORM_MEMORY_SIZE"] + 1)}
    assert client.post("/masuk", base_url=url(tenant), data=big_field,
                       content_type="multipart/form-data").status_code == 413
    token = token_for(app, client, tenant)
    large_json = '{"title": "x", "body": "' + "x" * (2 * 1024 * 1024) + '"}'
    response = client.post("/api/v1/pengumuman", base_url=url(tenant), data=large_json,
                           headers={**bearer(token), "Content-Type": "application/json"})
    assert_error(response, 413, "payload_too_large")


def test_a_refused_body_is_read_to_its_end_so_a_proxy_sees_the_413(app: Flask, make_tenant):
    """Unread data makes the server's close a reset; nginx, still sending, then answers 502."""
    tenant = make_tenant()
    client = app.test_client()
    tiny_fields = "&".join(f"f{i}=1" for i in range(300_000)).encode()  # over the plain-body limit
    big_field = b"".join([b"--b\r\nContent-Disposition: form-data; name=\"catatan\"\r\n\r\n",
                          b"x" * (app.config["MAX_FORM_MEMORY_SIZE"] * 2), b"\r\n--b--\r\n"])
    for body, content_type in ((tiny_fields, "application/x-www-form-urlencoded"),
                               (big_field, "multipart/form-data; boundary=b")):
        stream = io.BytesIO(body)
        response = client.post("/masuk", base_url=url(tenant), input_stream=stream, content_length=len(body),
                               content_type=content_type)
        assert response.status_code == 413
        assert stream.tell() == len(body), content_type
    claimed = app.config["MAX_CONTENT_LENGTH"] + 1  # more than nginx passes on: not read at all
    stream = io.BytesIO(b"x" * 1024)
    response = client.post("/masuk", base_url=url(tenant), input_stream=stream,
                           environ_overrides={"CONTENT_LENGTH": str(claimed)},
                           content_type="multipart/form-data; boundary=b")
    assert response.status_code == 413
    assert stream.tell() == 0


def test_nul_characters_are_a_400_before_any_query(app: Flask, make_tenant):
    """PostgreSQL cannot store NUL: it must never reach a query (a 500 there before)."""
    tenant = make_tenant(modules=every_module(app))
    client = app.test_client()
    assert client.get("/pengumuman/", base_url=url(tenant), query_string={"q": "a\x00b"}).status_code == 400
    assert client.get("/perizinan/lacak", base_url=url(tenant),
                      query_string={"nomor": "SD\x00", "kode": "ABC"}).status_code == 400
    assert client.post("/masuk", base_url=url(tenant), data={"identifier": "a\x00@b.id"}).status_code == 400
    assert_error(client.get("/api/v1/perizinan/verifikasi/ab%00cd", base_url=url(tenant)), 400, "bad_request")
    for path, body in (("/api/v1/perizinan/lacak", {"number": "SD\x00", "code": "11.72.02"}),
                       ("/api/v1/perizinan/simulasi-biaya", {"permit": "x\x00", "values": {}})):
        assert_error(client.post(path, base_url=url(tenant), json=body), 400, "validation_error")
