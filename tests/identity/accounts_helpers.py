"""Small builders shared by the account tests: valid NIKs for a tenant, form posts."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Kecamatan
from tests.identity.helpers import csrf_token


def local_nik(app, tenant: TenantInfo, serial: str = "0001") -> str:  # noqa: ANN001
    """A structurally valid NIK whose region is one of the tenant's own kecamatan."""
    with app.app_context(), tenant_context(tenant):
        code = tenant_db.session.scalar(select(Kecamatan.code).order_by(Kecamatan.code))
    return code.replace(".", "") + "150390" + serial


def post_form(client: FlaskClient, tenant: TenantInfo, path: str, data: dict, page: str | None = None):  # noqa: ANN201
    """GET the page (for its CSRF token), then POST ``data`` to ``path`` on the tenant's host."""
    host = f"http://{tenant.primary_host}"
    html = client.get(page or path, base_url=host).get_data(as_text=True)
    return client.post(path, base_url=host, data={**data, "csrf_token": csrf_token(html)})
