"""Throttling holds across workers in every configuration, on every door where a secret can be
guessed: sign-in (regency, staff, onboarding), two-factor codes, reset and emailed links,
the API token endpoint, and module lookups (tracking codes and the like)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from flask import Flask

from kiblat.platform.core.app import create_app
from kiblat.platform.core.extensions import db
from kiblat.platform.identity import tokens
from kiblat.platform.identity.models import User
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.api.helpers import TOKEN_PATH, assert_error, basic, make_client, url
from tests.console.helpers import BASE
from tests.identity.accounts_helpers import post_form
from tests.identity.helpers import PASSWORD, add_user, csrf_token, sign_in
from tests.onboarding.helpers import PASSWORD as APPLICANT_PASSWORD
from tests.onboarding.helpers import make_applicant

REDIS_URL = os.environ.get("KIBLAT_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
WRONG = "salah-sekali-123"


def fresh_address() -> dict[str, str]:
    """A client address of this test alone: platform-wide counters in Redis outlive a test run."""
    groups = uuid.uuid4().hex[:16]
    return {"REMOTE_ADDR": "2001:db8::" + ":".join(groups[i:i + 4] for i in range(0, 16, 4))}


@pytest.fixture(params=["control-plane", "redis"])
def workers(request: pytest.FixtureRequest, app: Flask) -> Iterator[list[Flask]]:
    """Two app instances, as two workers of one deployment: without Redis (the embedded
    SQLite instance or PostgreSQL alone) and with it."""
    environ = dict(app.config["KIBLAT_SOURCE_ENV"])
    if request.param == "redis":
        environ["KIBLAT_REDIS_URL"] = REDIS_URL
    instances = [create_app(environ), create_app(environ)]
    yield instances
    for instance in instances:
        with instance.app_context():
            db.engine.dispose()
            instance.extensions["kiblat_tenant_engines"].dispose()


def test_sign_in_failures_are_counted_across_workers(workers: list[Flask], app: Flask, make_tenant):
    tenant = make_tenant()
    add_user(app, tenant, email="warga@pekerja.example")
    for number in range(5):
        response = sign_in(workers[number % 2].test_client(), tenant, "warga@pekerja.example", WRONG)
        assert response.status_code == 401
    locked = sign_in(workers[1].test_client(), tenant, "warga@pekerja.example", PASSWORD)
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0


def _onboarding_sign_in(client, email: str, password: str, address: dict):  # noqa: ANN001, ANN201
    page = client.get("/bergabung/masuk", base_url=BASE, environ_base=address).get_data(as_text=True)
    return client.post("/bergabung/masuk", base_url=BASE, environ_base=address,
                       data={"email": email, "password": password, "csrf_token": csrf_token(page)})


def test_onboarding_sign_in_is_throttled_across_workers(workers: list[Flask], app: Flask):
    with app.app_context():
        email = make_applicant().email
        db.session.commit()
    address = fresh_address()
    for number in range(5):
        assert _onboarding_sign_in(workers[number % 2].test_client(), email, WRONG, address).status_code == 401
    locked = _onboarding_sign_in(workers[0].test_client(), email, APPLICANT_PASSWORD, fresh_address())
    assert locked.status_code == 429
    assert "coba lagi dalam" in locked.get_data(as_text=True)


def test_onboarding_sign_in_blocks_an_address_trying_many_accounts(app: Flask):
    client = app.test_client()
    address = fresh_address()
    page = client.get("/bergabung/masuk", base_url=BASE, environ_base=address).get_data(as_text=True)
    for number in range(20):
        response = client.post("/bergabung/masuk", base_url=BASE, environ_base=address, data={
            "email": f"tebak{number}@contoh.go.id", "password": WRONG, "csrf_token": csrf_token(page)})
        assert response.status_code == 401
    blocked = client.post("/bergabung/masuk", base_url=BASE, environ_base=address, data={
        "email": "siapa@contoh.go.id", "password": WRONG, "csrf_token": csrf_token(page)})
    assert blocked.status_code == 429


def test_staff_sign_in_is_throttled_across_workers(workers: list[Flask], app: Flask):
    from kiblat.platform.identity.staff.accounts import create_staff

    with app.app_context():
        email = create_staff(email=f"staf.{uuid.uuid4().hex[:8]}@kiblat.example", name="Staf Kunci",
                             password=PASSWORD).email
        db.session.commit()
    address = fresh_address()
    for number in range(5):
        client = workers[number % 2].test_client()
        page = client.get("/staff/masuk", base_url=BASE, environ_base=address).get_data(as_text=True)
        response = client.post("/staff/masuk", base_url=BASE, environ_base=address,
                               data={"email": email, "password": WRONG, "csrf_token": csrf_token(page)})
        assert response.status_code == 401
    client = workers[1].test_client()
    other = fresh_address()  # the account is locked, not just the address
    page = client.get("/staff/masuk", base_url=BASE, environ_base=other).get_data(as_text=True)
    response = client.post("/staff/masuk", base_url=BASE, environ_base=other,
                           data={"email": email, "password": PASSWORD, "csrf_token": csrf_token(page)})
    assert response.status_code == 429


def test_token_endpoint_is_throttled_per_client_across_workers(workers: list[Flask], app: Flask, make_tenant):
    tenant = make_tenant()
    client_id, secret = make_client(app, tenant)
    for number in range(10):
        response = workers[number % 2].test_client().post(
            TOKEN_PATH, base_url=url(tenant), data={"grant_type": "client_credentials"},
            headers=basic(client_id, "rahasia-tebakan"))
        assert_error(response, 401, "invalid_client")
    blocked = workers[0].test_client().post(TOKEN_PATH, base_url=url(tenant), data={"grant_type": "client_credentials"},
                                            headers=basic(client_id, secret))
    assert_error(blocked, 429, "rate_limited")
    assert int(blocked.headers["Retry-After"]) > 0


def test_reset_requests_and_link_guessing_are_throttled(app: Flask, make_tenant):
    tenant = make_tenant()
    user_id = add_user(app, tenant, email="lupa@batas.example")
    client = app.test_client()
    for number in range(10):
        response = post_form(client, tenant, "/lupa-sandi", {"email": f"orang{number}@batas.example"})
        assert response.status_code == 200
    assert post_form(client, tenant, "/lupa-sandi", {"email": "lupa@batas.example"}).status_code == 429

    with app.app_context(), tenant_context(tenant):
        real = tokens.issue_token(tenant_db.session.get(User, user_id), tokens.RESET_PASSWORD)
        tenant_db.session.commit()
    guesser = app.test_client()
    host = url(tenant)
    for number in range(20):
        path = ("/atur-ulang/", "/undangan/", "/verifikasi/")[number % 3] + f"tebakan-{number}"
        assert guesser.get(path, base_url=host).status_code == 410
    blocked = guesser.get(f"/atur-ulang/{real}", base_url=host)
    assert blocked.status_code == 429 and "coba lagi dalam" in blocked.get_data(as_text=True)
    # Another address is not affected, and the link itself still works.
    assert app.test_client().get(f"/atur-ulang/{real}", base_url=host,
                                 environ_base={"REMOTE_ADDR": "192.0.2.8"}).status_code == 200


def test_guessing_tracking_codes_is_stopped_before_a_right_guess(app: Flask, make_tenant, monkeypatch):
    from tests.modules.sri_deli.helpers import submit_research

    monkeypatch.setitem(app.config, "THROTTLE_LOOKUP_IP", 8)
    tenant = make_tenant(modules=("sri_deli",))
    with app.app_context(), tenant_context(tenant):
        result = submit_research()
        number, code = result.application.number, result.tracking_code
    guesser, host = app.test_client(), url(tenant)
    assert guesser.get("/perizinan/lacak", base_url=host, query_string={"nomor": number, "kode": code}).status_code == 200
    for guess in range(8):
        response = guesser.get("/perizinan/lacak", base_url=host,
                               query_string={"nomor": number, "kode": f"SALAH{guess:03d}"})
        assert response.status_code == 404
    page = guesser.get("/perizinan/lacak", base_url=host, query_string={"nomor": number, "kode": code})
    assert page.status_code == 429
    # The code itself may hold "429" (it did, once): it is in the page's links, so it is left out.
    text = page.get_data(as_text=True).replace(code, "")
    # A friendly page in Bahasa Indonesia: no bare status code, the wait in minutes, Retry-After.
    assert "429" not in text and "Mohon tunggu sebentar" in text and "Terlalu banyak pencarian" in text
    assert 0 < int(page.headers["Retry-After"]) <= 15 * 60
    api = guesser.post("/api/v1/perizinan/lacak", base_url=host, json={"number": number, "code": code})
    assert_error(api, 429, "rate_limited")
    # A value in the path is a lookup too; a page that takes no value reveals nothing and stays open.
    assert guesser.get(f"/perizinan/saya/{result.application.id}", base_url=host).status_code == 429
    assert guesser.get("/perizinan/", base_url=host).status_code == 200
    # Other addresses and other regencies are not affected.
    other = app.test_client().get("/perizinan/lacak", base_url=host, environ_base={"REMOTE_ADDR": "192.0.2.9"},
                                  query_string={"nomor": number, "kode": code})
    assert other.status_code == 200
