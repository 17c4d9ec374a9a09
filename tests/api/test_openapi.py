"""The OpenAPI 3.1 document: valid, and describing only what this regency offers."""

from __future__ import annotations

from openapi_spec_validator import validate

from tests.api.helpers import url


def _document(client, tenant) -> dict:  # noqa: ANN001
    response = client.get("/api/v1/openapi.json", base_url=url(tenant))
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def test_document_is_valid_openapi_3_1_with_module_paths(client, make_tenant):
    tenant = make_tenant(modules=("pengumuman",))
    document = _document(client, tenant)
    validate(document)
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": url(tenant) + "/api/v1"}]
    assert set(document["paths"]) == {"/oauth/token", "/wilayah/kecamatan", "/wilayah/kecamatan/{code}/desa",
                                      "/pengumuman"}
    post = document["paths"]["/pengumuman"]["post"]
    assert post["security"] == [{"oauth2": ["pengumuman.write"]}]
    assert post["requestBody"]["content"]["application/json"]["schema"]["required"] == ["title", "body"]
    assert document["paths"]["/pengumuman"]["get"]["security"] == []
    flow = document["components"]["securitySchemes"]["oauth2"]["flows"]["clientCredentials"]
    assert flow["tokenUrl"] == url(tenant) + "/api/v1/oauth/token"
    assert set(flow["scopes"]) == {"wilayah.read", "pengumuman.write"}


def test_document_leaves_out_disabled_modules(client, make_tenant):
    tenant = make_tenant(modules=())
    document = _document(client, tenant)
    validate(document)
    assert not any(path.startswith("/pengumuman") for path in document["paths"])
    assert set(document["components"]["securitySchemes"]["oauth2"]["flows"]["clientCredentials"]["scopes"]) == {
        "wilayah.read"}
    assert {t["name"] for t in document["tags"]} == {"oauth", "wilayah"}
