"""The national adoption map, province pages and studi banding on the platform site (both backends)."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from kiblat.platform.core.extensions import db
from kiblat.platform.regions.models import Regency
from kiblat.platform.site.adoption_map import COLOURS, LIVE_FEW, LIVE_SOME, LIVE_WITHOUT, ONBOARDING
from kiblat.platform.smartcity import services as smart_city
from kiblat.platform.smartcity.snapshots import run_snapshots
from kiblat.tenants import services
from kiblat.tenants.models import TenantStatus
from kiblat.tenants.registry import tenant_registry

BASE = "http://kiblat.test"
SVG = "{http://www.w3.org/2000/svg}"
SITE_CSS = Path(__file__).resolve().parents[2] / "platform" / "site" / "static" / "site.css"


def _page(client, path: str) -> str:
    response = client.get(path, base_url=BASE)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _map(html: str) -> dict[str, str | None]:
    svg = re.search(r"<svg xmlns=.*?</svg>", html, re.S).group(0)
    root = ET.fromstring(svg)
    return {p.get("data-code"): p.get("fill") for p in root.iter(f"{SVG}path")}


def _weight(html: str) -> int:
    """HTML (with the inline SVG) plus the site stylesheet, gzip-compressed as served."""
    return len(gzip.compress(html.encode())) + len(gzip.compress(SITE_CSS.read_bytes()))


def test_national_map_has_all_514_regions_coloured_by_state_and_stays_light(app, client, make_tenant):
    few = make_tenant(modules=("pengumuman",))
    some = make_tenant(modules=("pengumuman", "satu_data", "kunjungan"))
    onboarding = make_tenant(modules=("pengumuman",))
    with app.app_context():
        services.set_status(onboarding.slug, TenantStatus.PROVISIONING)
        total = db.session.query(Regency).count()
        taken = {t.region_code for t in tenant_registry().all()}
    html = _page(client, "/adopsi")
    fills = _map(html)
    assert len(fills) == total == 514
    assert fills[few.region_code] == COLOURS[LIVE_FEW]
    assert fills[some.region_code] == COLOURS[LIVE_SOME]
    assert fills[onboarding.region_code] == COLOURS[ONBOARDING]
    assert all(fill is None for code, fill in fills.items() if code not in taken)  # the grey default
    assert f'href="//{few.primary_host}/smart-city"' in html
    weight = _weight(html)
    assert weight < 150_000, weight  # the budget for the national map page

    filtered = _map(_page(client, "/adopsi?modul=satu_data"))
    assert filtered[few.region_code] == COLOURS[LIVE_WITHOUT]
    assert filtered[some.region_code] == COLOURS[LIVE_FEW]
    by_dimension = _map(_page(client, "/adopsi?dimensi=branding"))
    assert by_dimension[few.region_code] == COLOURS[LIVE_WITHOUT]
    assert by_dimension[some.region_code] == COLOURS[LIVE_FEW]  # kunjungan
    assert len(_map(_page(client, "/adopsi?modul=tidak_ada"))) == 514  # unknown filter: whole map


def test_province_page_lists_and_draws_its_regencies(app, client, make_tenant):
    tenant = make_tenant(modules=("pengumuman",))
    province = tenant.province_code
    html = _page(client, f"/adopsi/provinsi/{province}")
    with app.app_context():
        codes = {c for (c,) in db.session.query(Regency.code).filter_by(province_code=province)}
    fills = _map(html)
    assert set(fills) <= codes
    assert set(re.findall(r'<tr id="r-([\d.]+)"', html)) == codes  # listed even without a boundary
    assert fills[tenant.region_code] == COLOURS[LIVE_FEW]
    assert _weight(html) < 50_000
    assert client.get("/adopsi/provinsi/99", base_url=BASE).status_code == 404


def test_studi_banding_shows_only_published_indicators_per_capita(app, client, make_tenant):
    a, b = make_tenant(modules=("pengumuman",)), make_tenant(modules=("pengumuman",))
    registry = app.extensions["kiblat_modules"]
    with app.app_context():
        run_snapshots(app, registry, [a.slug, b.slug])
        smart_city.set_published(registry, tenant_registry().by_slug(a.slug), "pengumuman.announcements_per_month", True)
    html = _page(client, f"/studi-banding?daerah={a.slug}&daerah={b.slug}")
    assert a.official_name in html and b.official_name in html
    assert 'data-indicator="pengumuman.announcements_per_month"' in html
    row = re.search(r'data-indicator="pengumuman.announcements_per_month">(.*?)</tr>', html, re.S).group(1)
    assert row.count('<td class="num') == 2 and "–" in row  # b did not publish
    assert 'data-dimension="environment"' in html
    assert "/bergabung/" in html
    assert "Pilih paling sedikit dua" in _page(client, f"/studi-banding?daerah={a.slug}")
    assert client.get("/studi-banding", base_url=f"http://{a.primary_host}").status_code == 404
