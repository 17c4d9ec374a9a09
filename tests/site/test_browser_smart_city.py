"""A visiting regency looks at the national adoption map, zooms into Sumatera Utara, reads Deli
Serdang's smart-city page and compares it with Binjai — in a real Chromium at phone and desktop
width. Screenshots go to tests/artifacts/smart-city-*.png."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from kiblat.migrations.runner import upgrade_control_plane
from kiblat.modules.pengumuman import api as pengumuman
from kiblat.platform.core.app import create_app
from kiblat.platform.regions.sync import sync_regions
from kiblat.platform.smartcity import services as smart_city
from kiblat.platform.smartcity.snapshots import run_snapshots
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants import services
from kiblat.tenants.context import tenant_context
from kiblat.tenants.registry import tenant_registry
from tests.live_server import ARTIFACTS, needs_chromium, serving

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
KEY = "pengumuman.announcements_per_month"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    app = create_app({"KIBLAT_ENV": "test", "KIBLAT_BASE_DOMAIN": "localhost",
                      "KIBLAT_INSTANCE_PATH": str(tmp_path_factory.mktemp("smart-city-browser"))})
    with app.app_context():
        upgrade_control_plane()
        sync_regions()
        provision_tenant("12.07", slug="deliserdang", modules=["pengumuman", "satu_data", "kunjungan"])
        provision_tenant("12.75", slug="binjai", modules=["pengumuman"])
        provision_tenant("12.71", slug="medan", modules=["pengumuman"])
        services.set_status("medan", services.TenantStatus.PROVISIONING)
        for slug, count in (("deliserdang", 9), ("binjai", 3)):
            with tenant_context(tenant_registry().by_slug(slug)):
                for n in range(count):
                    pengumuman.publish(f"Pengumuman {n}", "Isi pengumuman.")
        registry = app.extensions["kiblat_modules"]
        for period in ("2026-09", "2026-10", "2026-11"):
            run_snapshots(app, registry, period=period)
        for slug in ("deliserdang", "binjai"):
            smart_city.set_published(registry, tenant_registry().by_slug(slug), KEY, True)
    with serving(app) as port:
        yield port


@pytest.mark.parametrize("width", WIDTHS)
def test_visitor_sees_the_map_zooms_reads_and_compares(served: int, browser: Browser, width: str):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport=WIDTHS[width])
    platform = f"http://localhost:{served}"
    page.goto(platform + "/adopsi")
    assert page.locator("svg.kiblat-map path[data-code]").count() == 514
    assert page.locator('svg.kiblat-map path[data-code="12.07"]').get_attribute("fill") == "#5aae61"
    assert page.locator('svg.kiblat-map path[data-code="12.71"]').get_attribute("fill") == "#f1a340"
    page.locator("#peta").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"smart-city-national-{width}.png"))

    page.goto(platform + "/adopsi/provinsi/12")
    assert page.locator("svg.kiblat-map path[data-code]").count() == 33
    page.screenshot(path=str(ARTIFACTS / f"smart-city-province-{width}.png"), full_page=True)

    page.locator('svg.kiblat-map a:has(path[data-code="12.07"])').click()
    page.wait_for_url("**/smart-city**")
    assert "deliserdang.localhost" in page.url
    assert page.locator(f'[data-indicator="{KEY}"] .value').inner_text().startswith("3")
    assert page.locator("#dimensi-environment.gap").count() == 1
    page.screenshot(path=str(ARTIFACTS / f"smart-city-dashboard-{width}.png"), full_page=True)

    page.goto(platform + "/studi-banding?daerah=deliserdang&daerah=binjai")
    cells = page.locator(f'tr[data-indicator="{KEY}"] td')
    assert cells.count() == 2
    assert "best" in (cells.nth(0).get_attribute("class") or "")
    page.screenshot(path=str(ARTIFACTS / f"smart-city-comparison-{width}.png"), full_page=True)
    page.close()
