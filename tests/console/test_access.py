"""Only signed-in platform staff reach the console, and only on the platform host."""

from __future__ import annotations

from sqlalchemy import select

from kiblat.platform.core.extensions import db
from kiblat.tenants.models import Tenant, TenantStatus
from tests.console.helpers import BASE, signed_in_staff, tenant_page
from tests.identity.helpers import add_user, sign_in

PAGES = ("/staff/konsol/", "/staff/konsol/migrasi", "/staff/konsol/grafik")


def test_anonymous_visitors_are_sent_to_the_staff_sign_in(app, client, make_tenant):
    tenant = make_tenant()
    for path in (*PAGES, tenant_page(tenant.slug)):
        response = client.get(path, base_url=BASE)
        assert response.status_code == 302 and "/staff/masuk" in response.headers["Location"], path
    # A state change without a staff session does nothing.
    response = client.post(f"{tenant_page(tenant.slug)}/hentikan", base_url=BASE,
                           data={"suspend-reason": "alasan yang cukup panjang"})
    assert response.status_code in (302, 400)
    with app.app_context():
        assert db.session.scalar(select(Tenant.status).where(Tenant.slug == tenant.slug)) == TenantStatus.ACTIVE


def test_a_regency_admin_cookie_opens_nothing(app, client, make_tenant):
    tenant = make_tenant()
    add_user(app, tenant, role="admin", email="admin@konsol.example.id")
    signed = sign_in(client, tenant, "admin@konsol.example.id")
    assert signed.status_code == 302
    host = f"http://{tenant.primary_host}"
    # On the regency's host the console does not exist at all.
    for path in (*PAGES, tenant_page(tenant.slug)):
        assert client.get(path, base_url=host).status_code == 404, path
    # The regency session cookie carried over to the platform host is not a staff session.
    name = app.config["SESSION_COOKIE_NAME"]
    cookie = client.get_cookie(name, domain=tenant.primary_host)
    assert cookie is not None
    other = app.test_client()
    other.set_cookie(name, cookie.value, domain="kiblat.test")
    for path in PAGES:
        response = other.get(path, base_url=BASE)
        assert response.status_code == 302 and "/staff/masuk" in response.headers["Location"], path


def test_signed_in_staff_see_the_console_but_not_on_a_regency_host(app, make_tenant):
    tenant = make_tenant()
    staff = signed_in_staff(app)
    for path in PAGES:
        assert staff.get(path, base_url=BASE).status_code == 200, path
    assert staff.get(tenant_page(tenant.slug), base_url=BASE).status_code == 200
    assert staff.get(tenant_page("tidak-ada"), base_url=BASE).status_code == 404
    assert staff.get("/staff/konsol/", base_url=f"http://{tenant.primary_host}").status_code == 404
