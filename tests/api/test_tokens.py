"""OAuth2 client credentials: issuing, refusing, expiring, and never crossing tenants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from kiblat.platform.identity.api import services
from kiblat.platform.identity.api.models import ApiClient, ApiToken
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.api.helpers import (
    TOKEN_PATH,
    assert_error,
    basic,
    bearer,
    make_client,
    request_token,
    token_for,
    url,
)

NEW = {"title": "Jadwal vaksinasi", "body": "Di puskesmas kecamatan."}


def test_token_is_issued_with_the_clients_scopes_and_expires_in_an_hour(app, client, make_tenant):
    tenant = make_tenant()
    client_id, secret = make_client(app, tenant, ("pengumuman.write", "wilayah.read"))
    response = request_token(client, tenant, client_id, secret)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert set(body["scope"].split()) == {"pengumuman.write", "wilayah.read"}
    with app.app_context(), tenant_context(tenant):
        stored = tenant_db.session.scalar(select(ApiToken))
        record = tenant_db.session.scalar(select(ApiClient))
        # Only hashes are stored.
        assert stored.token_hash == services.hash_secret(body["access_token"])
        assert body["access_token"] not in stored.token_hash
        assert record.secret_hash == services.hash_secret(secret) and secret not in record.secret_hash
        assert record.last_used_at is not None


def test_client_secret_post_and_narrower_scope(app, client, make_tenant):
    tenant = make_tenant()
    client_id, secret = make_client(app, tenant, ("pengumuman.write", "wilayah.read"))
    response = client.post(TOKEN_PATH, base_url=url(tenant), data={
        "grant_type": "client_credentials", "client_id": client_id, "client_secret": secret, "scope": "wilayah.read"})
    assert response.status_code == 200
    assert response.get_json()["scope"] == "wilayah.read"


def test_wrong_secret_unknown_client_and_missing_credentials_are_401(app, client, make_tenant):
    tenant = make_tenant()
    client_id, secret = make_client(app, tenant)
    for headers in (basic(client_id, secret + "x"), basic("kbl_tidakada", secret), {}):
        response = client.post(TOKEN_PATH, base_url=url(tenant), data={"grant_type": "client_credentials"},
                               headers=headers)
        assert_error(response, 401, "invalid_client")
        assert response.headers["WWW-Authenticate"].startswith("Basic ")


def test_secret_in_the_query_string_is_not_accepted(app, client, make_tenant):
    tenant = make_tenant()
    client_id, secret = make_client(app, tenant)
    response = client.post(f"{TOKEN_PATH}?client_id={client_id}&client_secret={secret}", base_url=url(tenant),
                           data={"grant_type": "client_credentials"})
    assert_error(response, 401, "invalid_client")


def test_other_grant_types_and_ungranted_scopes_are_refused(app, client, make_tenant):
    tenant = make_tenant()
    client_id, secret = make_client(app, tenant, ("wilayah.read",))
    response = client.post(TOKEN_PATH, base_url=url(tenant), data={"grant_type": "password"},
                           headers=basic(client_id, secret))
    assert_error(response, 400, "unsupported_grant_type")
    assert_error(request_token(client, tenant, client_id, secret, scope="pengumuman.write"), 400, "invalid_scope")
    assert_error(client.get(TOKEN_PATH, base_url=url(tenant)), 405, "method_not_allowed")


def test_expired_token_is_refused(app, client, make_tenant):
    tenant = make_tenant()
    token = token_for(app, client, tenant)
    response = client.post("/api/v1/pengumuman", base_url=url(tenant), json=NEW, headers=bearer(token))
    assert response.status_code == 201
    with app.app_context(), tenant_context(tenant):
        tenant_db.session.execute(update(ApiToken).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
        tenant_db.session.commit()
    response = client.post("/api/v1/pengumuman", base_url=url(tenant), json=NEW, headers=bearer(token))
    assert_error(response, 401, "invalid_token")
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_revoked_client_loses_its_tokens_and_cannot_get_new_ones(app, client, make_tenant):
    tenant = make_tenant()
    client_id, secret = make_client(app, tenant)
    token = request_token(client, tenant, client_id, secret).get_json()["access_token"]
    with app.app_context(), tenant_context(tenant):
        pk = tenant_db.session.scalar(select(ApiClient.id).where(ApiClient.client_id == client_id))
        services.revoke_client(pk)
    assert_error(client.post("/api/v1/pengumuman", base_url=url(tenant), json=NEW, headers=bearer(token)),
                 401, "invalid_token")
    assert_error(request_token(client, tenant, client_id, secret), 401, "invalid_client")


def test_a_token_of_tenant_a_is_unknown_on_tenant_b(app, client, make_tenant):
    tenant_a, tenant_b = make_tenant(), make_tenant()
    token = token_for(app, client, tenant_a)
    response = client.post("/api/v1/pengumuman", base_url=url(tenant_b), json=NEW, headers=bearer(token))
    assert_error(response, 401, "invalid_token")
    with app.app_context(), tenant_context(tenant_b):
        assert tenant_db.session.scalar(select(ApiToken)) is None
    # And it still works at home.
    assert client.post("/api/v1/pengumuman", base_url=url(tenant_a), json=NEW,
                       headers=bearer(token)).status_code == 201


def test_client_of_tenant_a_cannot_get_a_token_from_tenant_b(app, client, make_tenant):
    tenant_a, tenant_b = make_tenant(), make_tenant()
    client_id, secret = make_client(app, tenant_a)
    make_client(app, tenant_b)  # B has clients of its own
    response = request_token(client, tenant_b, client_id, secret)
    assert_error(response, 401, "invalid_client")
    response = client.post(TOKEN_PATH, base_url=url(tenant_b), data={
        "grant_type": "client_credentials", "client_id": client_id, "client_secret": secret})
    assert_error(response, 401, "invalid_client")
    assert request_token(client, tenant_a, client_id, secret).status_code == 200


def test_disabled_modules_scope_lapses_from_new_tokens(app, client, make_tenant):
    tenant = make_tenant(modules=())
    client_id, secret = make_client(app, tenant, ("wilayah.read",))
    body = request_token(client, tenant, client_id, secret).get_json()
    assert body["scope"] == "wilayah.read"
    with app.app_context(), tenant_context(tenant):
        try:
            services.create_client("Lain", ["pengumuman.write"])
        except services.ApiClientError as exc:
            assert "pengumuman.write" in str(exc)
        else:
            raise AssertionError("a scope of a disabled module was granted")
