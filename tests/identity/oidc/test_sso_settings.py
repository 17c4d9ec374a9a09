"""The regency admin's SSO settings: validation, encryption, roles, permission, isolation."""

from __future__ import annotations

import pytest

from kiblat.platform.identity.oidc.models import OidcProvider
from kiblat.platform.identity.oidc.settings import (
    SsoSettings,
    SsoSettingsError,
    client_secret,
    fetch_discovery,
    get_provider,
    normalize_issuer,
    save_settings,
)
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.helpers import add_user, sign_in

GOOD = SsoSettings(issuer="https://sso.deliserdang.go.id/", client_id="kiblat", client_secret="sangat-rahasia",
                   display_name="  SSO   Deli Serdang ", scopes="email openid profile email")


def test_settings_are_cleaned_and_the_secret_is_stored_encrypted(app_ctx, make_tenant):
    tenant = make_tenant()
    with tenant_context(tenant):
        provider = save_settings(GOOD)
        assert (provider.issuer, provider.display_name, provider.scopes) == (
            "https://sso.deliserdang.go.id", "SSO Deli Serdang", "email openid profile")
        assert "sangat-rahasia" not in provider.client_secret_cipher
        assert client_secret(provider) == "sangat-rahasia"
        save_settings(SsoSettings(**{**GOOD.__dict__, "client_secret": "", "scopes": "email"}))
        provider = get_provider()
        assert client_secret(provider) == "sangat-rahasia" and provider.scopes == "openid email"
        assert tenant_db.session.query(OidcProvider).count() == 1


@pytest.mark.parametrize(("issuer", "message"), [
    ("http://sso.deliserdang.go.id", "https"),
    ("sso.deliserdang.go.id", "URL lengkap"),
    ("https://sso.deliserdang.go.id/?x=1", "query"),
    ("ftp://127.0.0.1", "https"),
])
def test_issuer_must_be_https(app_ctx, issuer, message):
    with pytest.raises(SsoSettingsError, match=message):
        normalize_issuer(issuer)


def test_loopback_http_issuer_only_outside_production(app_ctx):
    assert normalize_issuer("http://127.0.0.1:8080/") == "http://127.0.0.1:8080"
    assert normalize_issuer("http://localhost:8080") == "http://localhost:8080"
    app_ctx.config["ENV"] = "production"
    try:
        with pytest.raises(SsoSettingsError, match="produksi"):
            normalize_issuer("http://127.0.0.1:8080")
    finally:
        app_ctx.config["ENV"] = "test"


def test_new_user_role_is_checked_against_the_tenants_roles(app_ctx, make_tenant):
    with_module, without = make_tenant(modules=("pengumuman",)), make_tenant(modules=())
    with tenant_context(with_module):
        assert save_settings(SsoSettings(**{**GOOD.__dict__, "default_role": "humas"})).default_role == "humas"
        with pytest.raises(SsoSettingsError, match="memerlukan OPD"):
            save_settings(SsoSettings(**{**GOOD.__dict__, "default_role": "officer"}))
    with tenant_context(without), pytest.raises(SsoSettingsError, match="tidak dikenal"):
        save_settings(SsoSettings(**{**GOOD.__dict__, "default_role": "humas"}))


@pytest.mark.parametrize(("field", "value", "message"), [
    ("display_name", " ", "Nama penyedia"),
    ("client_id", "", "Client ID"),
    ("client_secret", "", "Client secret"),
    ("email_claim", "e mail", "klaim untuk email"),
    ("scopes", 'openid "x"', "Scope"),
])
def test_bad_input_gets_a_clear_message(app_ctx, make_tenant, field, value, message):
    with tenant_context(make_tenant()), pytest.raises(SsoSettingsError, match=message):
        save_settings(SsoSettings(**{**GOOD.__dict__, field: value}))


def test_discovery_of_an_unreachable_issuer_is_explained(app_ctx):
    with pytest.raises(SsoSettingsError, match="Tidak dapat menghubungi"):
        fetch_discovery("http://127.0.0.1:9")


def test_settings_of_one_regency_are_invisible_to_another(app_ctx, make_tenant):
    tenant_a, tenant_b = make_tenant(), make_tenant()
    with tenant_context(tenant_a):
        save_settings(SsoSettings(**{**GOOD.__dict__, "enabled": True}))
    with tenant_context(tenant_b):
        assert get_provider() is None


def test_admin_page_needs_the_settings_permission(app, make_tenant):
    tenant = make_tenant()
    add_user(app, tenant, email="warga@contoh.go.id")
    client = app.test_client()
    host = f"http://{tenant.primary_host}"
    assert client.get("/admin/sso", base_url=host).status_code == 302  # to the login page
    sign_in(client, tenant, "warga@contoh.go.id")
    assert client.get("/admin/sso", base_url=host).status_code == 403
    assert client.get("/admin/sso", base_url="http://kiblat.test").status_code == 404
    assert client.get("/masuk/sso", base_url=host).status_code == 403
