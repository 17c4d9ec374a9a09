"""Signing in through the real login form (CSRF and all), as a browser would."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from kiblat.platform.identity.accounts import create_user
from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.database import tenant_db

PASSWORD = "kata-sandi-uji-123"
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def add_user(app, tenant: TenantInfo, role: str = "citizen", email: str | None = None, **extra) -> int:  # noqa: ANN001
    with app.app_context(), tenant_context(tenant):
        user = create_user(name=f"Pengguna {role}", role=role, email=email or f"{role}@{tenant.slug}.example.id",
                           password=PASSWORD, **extra)
        tenant_db.session.commit()
        return user.id


def sign_in(client: FlaskClient, tenant: TenantInfo, identifier: str, password: str = PASSWORD):  # noqa: ANN201
    # base_url (not just a Host header) so the cookie jar files cookies under the regency's host.
    host = f"http://{tenant.primary_host}"
    page = client.get("/masuk", base_url=host)
    return client.post(
        "/masuk", base_url=host,
        data={"identifier": identifier, "password": password, "csrf_token": csrf_token(page.get_data(as_text=True))},
    )
