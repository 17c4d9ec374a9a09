"""Platform staff: sign-in on the platform host only, mandatory TOTP, throttling, separation
from regency accounts."""

from __future__ import annotations

import re
import uuid

import pyotp
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from kiblat.platform.cli import cli
from kiblat.platform.core.extensions import db
from kiblat.platform.identity.staff import accounts as staff_accounts
from kiblat.platform.identity.staff.accounts import create_staff
from kiblat.platform.identity.staff.models import StaffUser
from tests.identity.helpers import PASSWORD, add_user, csrf_token, sign_in

BASE = "http://kiblat.test"
SECRET_RE = re.compile(r'class="totp-secret" readonly value="([A-Z2-7]+)"')


def add_staff(app: Flask, email: str | None = None, name: str = "Staf Diskominfo") -> str:
    email = email or f"staf-{uuid.uuid4().hex[:8]}@deliserdangkab.go.id"
    with app.app_context():
        create_staff(email=email, name=name, password=PASSWORD)
        db.session.commit()
    return email


def post_form(client: FlaskClient, path: str, data: dict, base_url: str = BASE, page_path: str | None = None,
              **kwargs):  # noqa: ANN201
    page = client.get(page_path or path, base_url=base_url, **kwargs)
    return client.post(path, base_url=base_url, data={**data, "csrf_token": csrf_token(page.get_data(as_text=True))},
                       **kwargs)


def staff_password_step(client: FlaskClient, email: str, password: str = PASSWORD, **kwargs):  # noqa: ANN201
    return post_form(client, "/staff/masuk", {"email": email, "password": password}, **kwargs)


def forget_last_code(app: Flask, email: str) -> None:
    """Tests sign in more often than every 30 s; a real code is never reused."""
    with app.app_context():
        staff = db.session.scalar(select(StaffUser).where(StaffUser.email == email))
        staff.totp_last_step = None
        db.session.commit()


def code_at(secret: str, at: float | None = None) -> str:
    totp = pyotp.TOTP(secret)
    return totp.now() if at is None else totp.at(at)


def staff_sign_in(app: Flask, client: FlaskClient, email: str, secret: str | None = None,
                  at: float | None = None) -> str:
    """Password, then enrolment (first time) or the TOTP code; returns the TOTP secret.

    ``at`` is the (pinned) clock the codes are generated for; without it, the real time."""
    response = staff_password_step(client, email)
    assert response.status_code == 302, response.get_data(as_text=True)
    if secret is None:
        assert "/staff/aktifkan-2fa" in response.headers["Location"]
        page = client.get("/staff/aktifkan-2fa", base_url=BASE).get_data(as_text=True)
        secret = SECRET_RE.search(page).group(1)
        response = client.post("/staff/aktifkan-2fa", base_url=BASE,
                               data={"code": code_at(secret, at), "csrf_token": csrf_token(page)})
    else:
        assert "/staff/verifikasi" in response.headers["Location"]
        forget_last_code(app, email)
        response = post_form(client, "/staff/verifikasi", {"code": code_at(secret, at)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/")
    return secret


def test_cli_creates_staff_who_must_enrol_totp_on_first_sign_in(app, client):
    email = f"cli-{uuid.uuid4().hex[:8]}@deliserdangkab.go.id"
    result = CliRunner().invoke(cli, ["staff", "create", "--email", email, "--name", "Rina Diskominfo",
                                      "--password", PASSWORD], env=dict(app.config["KIBLAT_SOURCE_ENV"]))
    assert result.exit_code == 0, result.output
    duplicate = CliRunner().invoke(cli, ["staff", "create", "--email", email.upper(), "--name", "Lagi"],
                                   env=dict(app.config["KIBLAT_SOURCE_ENV"]))
    assert duplicate.exit_code != 0 and "sudah terdaftar" in duplicate.output

    response = staff_password_step(client, email)
    assert response.status_code == 302 and "/staff/aktifkan-2fa" in response.headers["Location"]
    # The password alone is not a session: staff pages still ask to sign in.
    assert client.get("/staff/", base_url=BASE).status_code == 302
    page = client.get("/staff/aktifkan-2fa", base_url=BASE).get_data(as_text=True)
    secret = SECRET_RE.search(page).group(1)
    wrong = client.post("/staff/aktifkan-2fa", base_url=BASE, data={"code": "000000", "csrf_token": csrf_token(page)})
    assert wrong.status_code == 401 and "Kode salah" in wrong.get_data(as_text=True)
    right = client.post("/staff/aktifkan-2fa", base_url=BASE,
                        data={"code": pyotp.TOTP(secret).now(), "csrf_token": csrf_token(page)})
    assert right.status_code == 302
    home = client.get("/staff/", base_url=BASE)
    assert home.status_code == 200 and "Rina Diskominfo" in home.get_data(as_text=True)
    with app.app_context():
        staff = db.session.scalar(select(StaffUser).where(StaffUser.email == email))
        assert staff.totp_enabled and secret not in (staff.totp_secret_cipher or "")
        assert staff.password_hash.startswith("$argon2")
    # The staff cookie is host-only: never sent to a regency's host.
    assert "Domain=" not in right.headers["Set-Cookie"]


def test_second_sign_in_needs_a_fresh_totp_code(app, client, monkeypatch):
    # The server's TOTP clock is pinned to the middle of a 30-second step, so the enrolment code,
    # its replay and the next step's code are fixed whatever the wall clock does meanwhile.
    enrolled_at = 1_800_000_015.0
    monkeypatch.setattr(staff_accounts, "clock", lambda: enrolled_at)
    email = add_staff(app)
    secret = staff_sign_in(app, client, email, at=enrolled_at)
    browser = app.test_client()
    response = staff_password_step(browser, email)
    assert "/staff/verifikasi" in response.headers["Location"]
    assert browser.get("/staff/", base_url=BASE).status_code == 302  # no session before the code
    replay = post_form(browser, "/staff/verifikasi", {"code": code_at(secret, enrolled_at)})
    assert replay.status_code == 401  # accepted at enrolment: the same step never works twice
    previous = post_form(browser, "/staff/verifikasi", {"code": code_at(secret, enrolled_at - 30)})
    assert previous.status_code == 401  # an older step than one already used is a replay too
    assert browser.get("/staff/", base_url=BASE).status_code == 302
    fresh = post_form(browser, "/staff/verifikasi", {"code": code_at(secret, enrolled_at + 30)})
    assert fresh.status_code == 302  # the next step (one step of drift allowed) is fresh
    assert browser.get("/staff/", base_url=BASE).status_code == 200


def test_staff_pages_do_not_exist_on_a_regency_host(app, client, make_tenant):
    tenant = make_tenant()
    host = f"http://{tenant.primary_host}"
    for path in ("/staff/masuk", "/staff/", "/staff/verifikasi", "/staff/aktifkan-2fa", "/staff/aktivitas",
                 "/staff/penyamaran"):
        assert client.get(path, base_url=host).status_code == 404, path
    assert client.post("/staff/masuk", base_url=host, data={"email": "x@y.id", "password": "z"}).status_code in (
        400, 404)
    # …and the regency's own pages do not exist on the platform host.
    assert client.get("/masuk", base_url=BASE).status_code == 404
    assert client.get("/staff-masuk/abc", base_url=BASE).status_code == 404
    assert client.get("/admin/audit", base_url=BASE).status_code == 404


def test_regency_and_staff_credentials_never_cross(app, client, make_tenant):
    tenant = make_tenant()
    admin_email = f"admin-{uuid.uuid4().hex[:6]}@contoh.id"
    add_user(app, tenant, role="admin", email=admin_email)
    staff_email = add_staff(app)
    # A regency admin's password does not open the staff pages…
    response = staff_password_step(client, admin_email)
    assert response.status_code == 401 and "Email atau kata sandi salah." in response.get_data(as_text=True)
    # …and a staff member's password does not open a regency.
    assert sign_in(client, tenant, staff_email).status_code == 401


def test_a_staff_session_is_not_a_regency_session(app, client, make_tenant):
    tenant = make_tenant()
    email = add_staff(app)
    staff_sign_in(app, client, email)
    assert client.get_cookie("kiblat_session", domain=tenant.primary_host) is None
    stolen = client.get_cookie("kiblat_session", domain="kiblat.test").value
    other = app.test_client()
    other.set_cookie("kiblat_session", stolen, domain=tenant.primary_host)
    page = other.get("/admin/audit", base_url=f"http://{tenant.primary_host}")
    assert page.status_code == 302 and "/masuk" in page.headers["Location"]


def test_staff_sign_in_needs_csrf_and_logout_is_a_post(app, client):
    email = add_staff(app)
    response = client.post("/staff/masuk", base_url=BASE, data={"email": email, "password": PASSWORD})
    assert response.status_code == 400
    staff_sign_in(app, client, email)
    assert client.get("/staff/keluar", base_url=BASE).status_code == 405
    post_form(client, "/staff/keluar", {}, page_path="/staff/")
    assert client.get("/staff/", base_url=BASE).status_code == 302


def test_failed_sign_ins_are_throttled_per_account_and_per_ip(app):
    email = add_staff(app)
    browser = app.test_client()
    ip = {"environ_base": {"REMOTE_ADDR": "10.9.0.1"}}
    for _ in range(5):
        assert staff_password_step(browser, email, "salah-sekali-123", **ip).status_code == 401
    blocked = staff_password_step(browser, email, **ip)
    assert blocked.status_code == 429 and "Terlalu banyak percobaan" in blocked.get_data(as_text=True)
    assert 0 < int(blocked.headers["Retry-After"]) <= 15 * 60  # the console's door says when, as every door does
    assert "coba lagi dalam 15 menit" in blocked.get_data(as_text=True)
    # The same account from another address is still blocked (per account)…
    assert staff_password_step(app.test_client(), email, environ_base={"REMOTE_ADDR": "10.9.0.2"}).status_code == 429
    # …and one address guessing many accounts is blocked too (per IP).
    other_ip = {"environ_base": {"REMOTE_ADDR": "10.9.0.3"}}
    for _ in range(30):
        staff_password_step(browser, f"tebak-{uuid.uuid4().hex[:6]}@contoh.id", "salah-sekali-123", **other_ip)
    assert staff_password_step(app.test_client(), add_staff(app), **other_ip).status_code == 429
    # A fresh account from a clean address signs in.
    assert staff_password_step(app.test_client(), add_staff(app),
                               environ_base={"REMOTE_ADDR": "10.9.0.4"}).status_code == 302
