"""The regency admin's API clients page: create (secret shown once), revoke, permissions."""

from __future__ import annotations

import re

from sqlalchemy import select

from kiblat.platform.identity.api import services
from kiblat.platform.identity.api.models import ApiClient
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.api.helpers import make_client, request_token
from tests.identity.helpers import add_user, csrf_token, sign_in

PAGE = "/admin/api/"


def _admin(app, client, tenant) -> None:  # noqa: ANN001
    email = f"admin@{tenant.slug}.example.id"
    add_user(app, tenant, role="admin", email=email)
    sign_in(client, tenant, email)


def _host(tenant) -> str:  # noqa: ANN001
    return f"http://{tenant.primary_host}"


def _create(client, tenant, name: str, scopes: list[str]):  # noqa: ANN001, ANN202
    page = client.get(PAGE, base_url=_host(tenant))
    assert page.status_code == 200
    return client.post(PAGE, base_url=_host(tenant), data={
        "name": name, "scopes": scopes, "csrf_token": csrf_token(page.get_data(as_text=True))})


def test_admin_creates_a_client_and_sees_the_secret_once(app, client, make_tenant):
    tenant = make_tenant(modules=("pengumuman",))
    _admin(app, client, tenant)
    page = client.get(PAGE, base_url=_host(tenant)).get_data(as_text=True)
    assert 'value="pengumuman.write"' in page and 'value="wilayah.read"' in page
    response = _create(client, tenant, "Aplikasi Kecamatan", ["pengumuman.write"])
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    client_id = re.search(r"<code>(kbl_[0-9a-f]+)</code>", html).group(1)
    secret = re.search(r"client_secret</dt><dd><code>([^<]+)</code>", html).group(1)
    assert request_token(client, tenant, client_id, secret).status_code == 200
    listing = client.get(PAGE, base_url=_host(tenant)).get_data(as_text=True)
    assert client_id in listing and secret not in listing
    with app.app_context(), tenant_context(tenant):
        record = tenant_db.session.scalar(select(ApiClient).where(ApiClient.client_id == client_id))
        assert record.scopes == "pengumuman.write"
        assert record.secret_hash == services.hash_secret(secret)
        assert record.created_by_id is not None


def test_only_scopes_of_enabled_modules_are_offered(app, client, make_tenant):
    tenant = make_tenant(modules=())
    _admin(app, client, tenant)
    page = client.get(PAGE, base_url=_host(tenant)).get_data(as_text=True)
    assert 'value="wilayah.read"' in page and "pengumuman.write" not in page
    response = _create(client, tenant, "Aplikasi", ["pengumuman.write"])
    assert "Cakupan tidak tersedia di daerah ini: pengumuman.write" in response.get_data(as_text=True)
    response = _create(client, tenant, "", ["wilayah.read"])
    assert "Isi nama klien." in response.get_data(as_text=True)
    with app.app_context(), tenant_context(tenant):
        assert tenant_db.session.scalar(select(ApiClient)) is None


def test_admin_revokes_a_client_of_their_own_regency_only(app, client, make_tenant):
    tenant_a, tenant_b = make_tenant(), make_tenant()
    id_a, secret_a = make_client(app, tenant_a)
    id_b, secret_b = make_client(app, tenant_b)
    _admin(app, client, tenant_a)
    with app.app_context(), tenant_context(tenant_a):
        pk = tenant_db.session.scalar(select(ApiClient.id).where(ApiClient.client_id == id_a))
    page = client.get(PAGE, base_url=_host(tenant_a))
    response = client.post(f"/admin/api/{pk}/cabut", base_url=_host(tenant_a),
                           data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    assert response.status_code == 302
    assert request_token(client, tenant_a, id_a, secret_a).status_code == 401
    # Same primary key in B's own table, untouched.
    assert request_token(client, tenant_b, id_b, secret_b).status_code == 200
    page = client.get(PAGE, base_url=_host(tenant_a))
    assert "dicabut" in page.get_data(as_text=True)
    missing = client.post("/admin/api/999/cabut", base_url=_host(tenant_a),
                          data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    assert missing.status_code == 404


def test_page_needs_the_permission_and_a_regency_host(app, client, make_tenant):
    tenant = make_tenant()
    assert client.get(PAGE, base_url=_host(tenant)).status_code == 302  # to the sign-in page
    email = f"warga@{tenant.slug}.example.id"
    add_user(app, tenant, role="citizen", email=email)
    sign_in(client, tenant, email)
    assert client.get(PAGE, base_url=_host(tenant)).status_code == 403
    assert client.get(PAGE, base_url="http://kiblat.test").status_code == 404
