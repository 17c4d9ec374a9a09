"""Sign-in, sessions bound to their tenant, permissions from roles."""

from __future__ import annotations

import pytest
from flask import Flask

from kiblat.platform.identity.accounts import AccountError, authenticate, create_user
from kiblat.platform.identity.models import User
from kiblat.platform.identity.passwords import PasswordError
from kiblat.platform.identity.roles import permissions_for
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.helpers import PASSWORD, add_user, sign_in


def test_sign_in_and_out_on_the_users_own_regency(app, client, make_tenant):
    tenant = make_tenant()
    add_user(app, tenant, email="warga@contoh.id")
    response = sign_in(client, tenant, "Warga@Contoh.id")
    assert response.status_code == 302
    page = client.get("/", base_url=f"http://{tenant.primary_host}").get_data(as_text=True)
    assert "Pengguna citizen" in page and "Keluar" in page
    cookie = client.get_cookie("kiblat_session", domain=tenant.primary_host)
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    # Host-only: the Set-Cookie header names no Domain, so sibling regencies never receive it.
    assert "Domain=" not in response.headers["Set-Cookie"]


def test_wrong_password_is_a_clear_401_and_signs_nobody_in(app, client, make_tenant):
    tenant = make_tenant()
    add_user(app, tenant, email="warga@contoh.id")
    for identifier, password in (("warga@contoh.id", "salah-sekali-123"), ("tidakada@contoh.id", PASSWORD)):
        response = sign_in(client, tenant, identifier, password)
        assert response.status_code == 401
        assert "Email/nomor telepon atau kata sandi salah." in response.get_data(as_text=True)
    assert "Keluar" not in client.get("/", base_url=f"http://{tenant.primary_host}").get_data(as_text=True)


def test_login_without_csrf_token_is_refused(app, client, make_tenant):
    tenant = make_tenant()
    add_user(app, tenant, email="warga@contoh.id")
    response = client.post("/masuk", base_url=f"http://{tenant.primary_host}",
                           data={"identifier": "warga@contoh.id", "password": PASSWORD})
    assert response.status_code == 400
    assert "Keluar" not in client.get("/", base_url=f"http://{tenant.primary_host}").get_data(as_text=True)


def test_a_session_cookie_copied_to_another_regency_is_worthless(app, make_tenant):
    a, b = make_tenant(), make_tenant()
    add_user(app, a, email="sama@contoh.id")
    add_user(app, b, email="sama@contoh.id")  # same id and email in B: the copy must still not work
    browser = app.test_client()
    assert sign_in(browser, a, "sama@contoh.id").status_code == 302
    stolen = browser.get_cookie("kiblat_session", domain=a.primary_host).value

    attacker = app.test_client()
    attacker.set_cookie("kiblat_session", stolen, domain=b.primary_host)
    page = attacker.get("/", base_url=f"http://{b.primary_host}").get_data(as_text=True)
    assert "Keluar" not in page and "Masuk" in page
    # On its own host the same cookie works.
    attacker.set_cookie("kiblat_session", stolen, domain=a.primary_host)
    assert "Keluar" in attacker.get("/", base_url=f"http://{a.primary_host}").get_data(as_text=True)


def test_tampered_cookie_is_ignored(app, client, make_tenant):
    tenant = make_tenant()
    client.set_cookie("kiblat_session", "eyJ1aWQiOjF9.Zm9yZ2Vk.c2lnbmF0dXJl", domain=tenant.primary_host)
    response = client.get("/", base_url=f"http://{tenant.primary_host}")
    assert response.status_code == 200 and "Masuk" in response.get_data(as_text=True)


def test_password_change_signs_out_other_sessions(app, client, make_tenant):
    tenant = make_tenant()
    user_id = add_user(app, tenant, email="warga@contoh.id")
    sign_in(client, tenant, "warga@contoh.id")
    with app.app_context(), tenant_context(tenant):
        tenant_db.session.get(User, user_id).session_version += 1
        tenant_db.session.commit()
    assert "Keluar" not in client.get("/", base_url=f"http://{tenant.primary_host}").get_data(as_text=True)


def test_logout_needs_post_with_csrf(app, client, make_tenant):
    tenant = make_tenant()
    add_user(app, tenant, email="warga@contoh.id")
    sign_in(client, tenant, "warga@contoh.id")
    host = f"http://{tenant.primary_host}"
    assert client.get("/keluar", base_url=host).status_code == 405
    client.post("/keluar", base_url=host, data={})  # no token: still signed in
    assert "Keluar" in client.get("/", base_url=host).get_data(as_text=True)


def test_roles_grant_permissions_including_module_roles(app_ctx, make_tenant):
    tenant = make_tenant()
    assert "users.manage" in permissions_for({"admin"}, tenant)
    assert "pengumuman.publish" in permissions_for({"admin"}, tenant)
    assert "pengumuman.publish" in permissions_for({"humas"}, tenant)
    assert "users.manage" not in permissions_for({"citizen"}, tenant)
    assert permissions_for({"village_operator"}, tenant) >= {"citizen.assist"}
    off = make_tenant(modules=())
    assert "pengumuman.publish" not in permissions_for({"humas", "admin"}, off)


def test_account_input_is_validated(app_ctx, make_tenant):
    tenant = make_tenant()
    with tenant_context(tenant):
        with pytest.raises(AccountError, match="Peran"):
            create_user(name="X", role="raja", email="x@contoh.id")
        with pytest.raises(AccountError, match="email tidak valid"):
            create_user(name="X", role="citizen", email="bukan-email")
        with pytest.raises(AccountError, match="telepon tidak valid"):
            create_user(name="X", role="citizen", phone="12345")
        with pytest.raises(AccountError, match="OPD"):
            create_user(name="X", role="officer", email="o@contoh.id")
        with pytest.raises(AccountError, match="desa"):
            create_user(name="X", role="village_operator", email="v@contoh.id")
        with pytest.raises(PasswordError):
            create_user(name="X", role="citizen", email="p@contoh.id", password="123")
        user = create_user(name="  Siti   <b>Aminah</b> ", role="citizen", phone="0812-3456-7890", password=PASSWORD)
        tenant_db.session.commit()
        assert user.phone == "+6281234567890" and user.name == "Siti <b>Aminah</b>"
        assert authenticate("081234567890", PASSWORD).id == user.id
        assert authenticate("+62 812 3456 7890", "salah-salah-123") is None


def test_user_names_are_escaped_in_pages(app: Flask, client, make_tenant):
    tenant = make_tenant()
    with app.app_context(), tenant_context(tenant):
        create_user(name="<script>alert(1)</script>", role="citizen", email="xss@contoh.id", password=PASSWORD)
        tenant_db.session.commit()
    sign_in(client, tenant, "xss@contoh.id")
    page = client.get("/", base_url=f"http://{tenant.primary_host}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
