"""Core and Pengumuman endpoints: JSON only, the error shape, scopes, and no cookie authentication."""

from __future__ import annotations

from kiblat.modules.pengumuman import api as pengumuman
from kiblat.platform.regions.lookup import kecamatan_of
from kiblat.tenants.context import tenant_context
from tests.api.helpers import assert_error, bearer, token_for, url
from tests.identity.helpers import add_user, sign_in

NEW = {"title": "Pemadaman listrik", "body": "Hari Sabtu pukul 08.00–12.00.", "category": "layanan"}


def test_kecamatan_and_desa_of_the_tenants_own_region(app, client, make_tenant):
    tenant, other = make_tenant(), make_tenant()
    with app.app_context(), tenant_context(tenant):
        expected = [r.code for r in kecamatan_of(tenant.region_code)]
    with app.app_context(), tenant_context(other):
        foreign = kecamatan_of(other.region_code)[0].code
    response = client.get("/api/v1/wilayah/kecamatan", base_url=url(tenant))
    assert response.status_code == 200 and response.mimetype == "application/json"
    items = response.get_json()["items"]
    assert [i["code"] for i in items] == expected and expected
    response = client.get(f"/api/v1/wilayah/kecamatan/{expected[0]}/desa", base_url=url(tenant))
    desa = response.get_json()["items"]
    assert desa and all(d["code"].startswith(expected[0] + ".") for d in desa)
    # Another regency's kecamatan, a malformed code and a desa code are all simply not here.
    for code in (foreign, "xx", desa[0]["code"]):
        assert_error(client.get(f"/api/v1/wilayah/kecamatan/{code}/desa", base_url=url(tenant)), 404, "not_found")


def test_pengumuman_list_is_public_and_paginated(app, client, make_tenant):
    tenant = make_tenant()
    with app.app_context(), tenant_context(tenant):
        for n in range(3):
            pengumuman.publish(f"Pengumuman {n}", "Isi.")
    response = client.get("/api/v1/pengumuman?per_page=2", base_url=url(tenant))
    body = response.get_json()
    assert response.status_code == 200
    assert (body["total"], body["pages"], body["page"], body["per_page"]) == (3, 2, 1, 2)
    assert [i["title"] for i in body["items"]] == ["Pengumuman 2", "Pengumuman 1"]
    assert body["items"][0]["url"].startswith(url(tenant) + "/pengumuman/")
    second = client.get("/api/v1/pengumuman?per_page=2&page=2", base_url=url(tenant)).get_json()
    assert [i["title"] for i in second["items"]] == ["Pengumuman 0"]
    for query in ("page=0", "page=abc", "per_page=51"):
        assert_error(client.get(f"/api/v1/pengumuman?{query}", base_url=url(tenant)), 400, "validation_error")


def test_publish_with_a_token_holding_the_scope(app, client, make_tenant):
    tenant = make_tenant()
    token = token_for(app, client, tenant)
    response = client.post("/api/v1/pengumuman", base_url=url(tenant), json=NEW, headers=bearer(token))
    assert response.status_code == 201
    created = response.get_json()
    assert created["title"] == NEW["title"] and created["category"]["key"] == "layanan"
    assert created["author_name"] == "Aplikasi Uji"  # the client's name when none is given
    assert response.headers["Location"] == created["url"]
    listed = client.get("/api/v1/pengumuman", base_url=url(tenant)).get_json()["items"]
    assert [i["id"] for i in listed] == [created["id"]]


def test_scope_is_enforced(app, client, make_tenant):
    tenant = make_tenant()
    token = token_for(app, client, tenant, scopes=("wilayah.read",))
    response = client.post("/api/v1/pengumuman", base_url=url(tenant), json=NEW, headers=bearer(token))
    assert_error(response, 403, "insufficient_scope")
    assert 'scope="pengumuman.write"' in response.headers["WWW-Authenticate"]
    response = client.post("/api/v1/pengumuman", base_url=url(tenant), json=NEW)
    assert_error(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Bearer ")
    for header in ("Bearer", "Bearer bukan-token", "Basic YTpi"):
        response = client.post("/api/v1/pengumuman", base_url=url(tenant), json=NEW, headers={"Authorization": header})
        assert response.status_code == 401


def test_bad_bodies_get_a_clear_400(app, client, make_tenant):
    tenant = make_tenant()
    token = token_for(app, client, tenant)
    cases = [
        ({"body": "Isi."}, "Kolom 'title' wajib diisi"),
        ({"title": "", "body": "Isi."}, "Kolom 'title' wajib diisi"),
        ({"title": "x" * 201, "body": "Isi."}, "paling banyak 200 karakter"),
        ({"title": "Judul", "body": "Isi.", "category": "lain"}, "harus salah satu dari"),
        ({"title": "Judul", "body": "Isi.", "warna": "merah"}, "Kolom tidak dikenal: warna"),
        ({"title": 5, "body": "Isi."}, "harus bertipe teks"),
        ({"title": "   ", "body": "Isi."}, "Judul pengumuman wajib diisi"),
        ([1, 2], "harus bertipe objek"),
    ]
    for payload, message in cases:
        response = client.post("/api/v1/pengumuman", base_url=url(tenant), json=payload, headers=bearer(token))
        body = assert_error(response, 400, "validation_error")
        assert message in body["message"], (payload, body)
    response = client.post("/api/v1/pengumuman", base_url=url(tenant), data="{nope", headers={
        **bearer(token), "Content-Type": "application/json"})
    assert_error(response, 400, "invalid_json")
    response = client.post("/api/v1/pengumuman", base_url=url(tenant), data={"title": "x"}, headers=bearer(token))
    assert_error(response, 415, "unsupported_media_type")
    assert client.get("/api/v1/pengumuman", base_url=url(tenant)).get_json()["total"] == 0


def test_a_session_cookie_never_authenticates_an_api_write(app, client, make_tenant):
    tenant = make_tenant()
    add_user(app, tenant, role="admin", email=f"admin@{tenant.slug}.example.id")
    sign_in(client, tenant, f"admin@{tenant.slug}.example.id")
    assert client.get("/admin/api/", base_url=url(tenant)).status_code == 200  # the session is live
    response = client.post("/api/v1/pengumuman", base_url=url(tenant), json=NEW)
    assert_error(response, 401, "unauthorized")
    # A token still works in the same cookie jar, and no CSRF token is asked for.
    token = token_for(app, client, tenant)
    response = client.post("/api/v1/pengumuman", base_url=url(tenant), json=NEW, headers=bearer(token))
    assert response.status_code == 201


def test_errors_are_json_in_bahasa_indonesia(app, client, make_tenant):
    tenant = make_tenant()
    assert_error(client.get("/api/v1/tidak-ada", base_url=url(tenant)), 404, "not_found")
    assert_error(client.get("/api/v2/pengumuman", base_url=url(tenant)), 404, "not_found")
    response = client.delete("/api/v1/pengumuman", base_url=url(tenant))
    assert_error(response, 405, "method_not_allowed")
    assert "POST" in response.headers["Allow"]
    index = client.get("/api/v1/", base_url=url(tenant)).get_json()
    assert index["openapi"] == url(tenant) + "/api/v1/openapi.json"


def test_no_api_on_the_base_domain(client):
    for path in ("/api/v1/", "/api/v1/openapi.json", "/api/v1/pengumuman", "/api/v1/tidak-ada"):
        assert_error(client.get(path, base_url="http://kiblat.test"), 404, "not_found")
    assert_error(client.post("/api/v1/oauth/token", base_url="http://kiblat.test",
                             data={"grant_type": "client_credentials"}), 404, "not_found")


def test_module_endpoints_do_not_exist_while_the_module_is_disabled(app, client, make_tenant):
    tenant = make_tenant(modules=())
    token = token_for(app, client, tenant, scopes=("wilayah.read",))
    assert_error(client.get("/api/v1/pengumuman", base_url=url(tenant)), 404, "not_found")
    assert_error(client.post("/api/v1/pengumuman", base_url=url(tenant), json=NEW, headers=bearer(token)),
                 404, "not_found")
    assert client.get("/api/v1/wilayah/kecamatan", base_url=url(tenant)).status_code == 200
