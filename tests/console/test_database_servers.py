"""The console lists the database servers and the regencies on each; a tenant's page names its server."""

from __future__ import annotations

from kiblat.tenants.models import DEFAULT_SERVER
from tests.console.helpers import BASE, signed_in_staff


def test_servers_page_lists_each_server_with_its_regencies(app, make_tenant) -> None:
    tenant = make_tenant()
    client = signed_in_staff(app)
    html = client.get("/staff/konsol/server-basis-data", base_url=BASE).get_data(as_text=True)
    assert 'data-server="default"' in html and "Terbuka" in html
    section = html.split(f'id="server-{DEFAULT_SERVER}"', 1)[1]
    assert tenant.official_name in section and f"/staff/konsol/daerah/{tenant.slug}" in section
    detail = client.get(f"/staff/konsol/daerah/{tenant.slug}", base_url=BASE).get_data(as_text=True)
    assert 'id="server-basis-data"' in detail and "#server-default" in detail
    client.set_cookie("lang", "en", domain="kiblat.test")
    english = client.get("/staff/konsol/server-basis-data", base_url=BASE)
    assert "Database servers" in english.get_data(as_text=True)


def test_servers_page_is_for_staff_only(app, client) -> None:
    response = client.get("/staff/konsol/server-basis-data", base_url=BASE)
    assert response.status_code in (302, 303, 401, 403, 404)
