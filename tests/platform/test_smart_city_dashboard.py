"""The regency's /smart-city page: public part, admin part, publishing, computing now (both backends)."""

from __future__ import annotations

import re

from kiblat.modules.pengumuman import api as pengumuman
from kiblat.platform.smartcity.snapshots import run_snapshots
from kiblat.tenants.context import tenant_context
from tests.identity.helpers import add_user, csrf_token, sign_in

KEY = "pengumuman.announcements_per_month"


def _html(client, tenant, path="/smart-city/"):
    response = client.get(path, base_url=f"http://{tenant.primary_host}")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_public_sees_dimensions_and_gaps_but_no_unpublished_indicator(app, client, make_tenant):
    tenant = make_tenant(modules=("pengumuman",))
    with app.app_context():
        run_snapshots(app, app.extensions["kiblat_modules"], [tenant.slug])
    html = _html(client, tenant)
    assert 'id="dimensi-governance"' in html and "Pengumuman" in html
    assert re.search(r'class="dimension gap" id="dimensi-environment"', html)
    assert "Jumpa Madu" in html  # the module that would fill the environment gap
    assert KEY not in html
    assert client.get("/smart-city/", base_url="http://kiblat.test").status_code == 404


def test_admin_publishes_computes_and_the_public_then_sees_it(app, client, make_tenant):
    tenant = make_tenant(modules=("pengumuman",))
    with app.app_context(), tenant_context(tenant):
        for n in range(3):
            pengumuman.publish(f"Kabar {n}", "Isi.")
    add_user(app, tenant, role="admin", email="admin@dasbor.example.id")
    assert sign_in(client, tenant, "admin@dasbor.example.id").status_code == 302
    host = f"http://{tenant.primary_host}"
    page = _html(client, tenant)
    assert "Belum dihitung" in page
    response = client.post("/smart-city/hitung", base_url=host, data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    page = _html(client, tenant)
    assert f'data-indicator="{KEY}"' in page and "Hanya admin" in page
    response = client.post("/smart-city/terbitkan", base_url=host,
                           data={"csrf_token": csrf_token(page), "indicator": KEY, "publish": "y"})
    assert response.status_code == 302
    public = _html(client, tenant, "/smart-city/?tampilan=publik")
    assert f'data-indicator="{KEY}"' in public
    value = re.search(rf'data-indicator="{KEY}">.*?class="value">([^<]+)<', public, re.S).group(1).strip()
    assert value == "1"  # 3 announcements in 90 days
    client.post("/smart-city/terbitkan", base_url=host, data={"csrf_token": csrf_token(public), "indicator": KEY})
    assert KEY not in _html(client, tenant, "/smart-city/?tampilan=publik")
    bad = client.post("/smart-city/terbitkan", base_url=host,
                      data={"csrf_token": csrf_token(public), "indicator": "tidak.ada", "publish": "y"},
                      follow_redirects=True)
    assert "tidak dikenal" in bad.get_data(as_text=True)


def test_only_the_admin_may_publish(app, client, make_tenant):
    tenant = make_tenant(modules=("pengumuman",))
    response = client.post("/smart-city/terbitkan", base_url=f"http://{tenant.primary_host}",
                           data={"indicator": KEY, "publish": "y"})
    assert response.status_code in (302, 400, 403)
    assert KEY not in _html(client, tenant)
