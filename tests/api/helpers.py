"""API test helpers: clients created through the real service, tokens through the real endpoint."""

from __future__ import annotations

import base64

from flask.testing import FlaskClient

from kiblat.platform.identity.api import services
from kiblat.tenants.context import TenantInfo, tenant_context

TOKEN_PATH = "/api/v1/oauth/token"


def url(tenant_or_host: TenantInfo | str) -> str:
    host = tenant_or_host if isinstance(tenant_or_host, str) else tenant_or_host.primary_host
    return f"http://{host}"


def make_client(app, tenant: TenantInfo, scopes: tuple[str, ...] = ("pengumuman.write",),  # noqa: ANN001
                name: str = "Aplikasi Uji") -> tuple[str, str]:
    with app.app_context(), tenant_context(tenant):
        client, secret = services.create_client(name, list(scopes))
        return client.client_id, secret


def basic(client_id: str, secret: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def request_token(http: FlaskClient, tenant: TenantInfo, client_id: str, secret: str, scope: str | None = None):  # noqa: ANN201
    data = {"grant_type": "client_credentials"}
    if scope is not None:
        data["scope"] = scope
    return http.post(TOKEN_PATH, base_url=url(tenant), data=data, headers=basic(client_id, secret))


def token_for(app, http: FlaskClient, tenant: TenantInfo, scopes: tuple[str, ...] = ("pengumuman.write",)) -> str:  # noqa: ANN001
    client_id, secret = make_client(app, tenant, scopes)
    response = request_token(http, tenant, client_id, secret)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["access_token"]


def assert_error(response, status: int, code: str) -> dict:  # noqa: ANN001
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error", "message"}, body
    assert body["error"] == code
    assert body["message"].strip()
    return body
