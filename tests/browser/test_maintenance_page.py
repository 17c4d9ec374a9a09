"""A regency being moved between database servers, seen through Chromium: its pages read as
usual, and a form sent meanwhile gets the "under maintenance" page, at phone and desktop width."""

from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright
from sqlalchemy import update

from kiblat.migrations.runner import upgrade_control_plane
from kiblat.modules.pengumuman import api as pengumuman
from kiblat.platform.core.app import create_app
from kiblat.platform.core.extensions import db
from kiblat.platform.regions.sync import sync_regions
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants.context import tenant_context
from kiblat.tenants.models import Tenant
from kiblat.tenants.registry import tenant_registry
from tests.live_server import ARTIFACTS, launch_chromium, needs_chromium, serving

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]


@pytest.mark.parametrize(("name", "width"), [("phone", 390), ("desktop", 1280)])
def test_reads_work_and_a_form_gets_the_maintenance_page(tmp_path, name: str, width: int) -> None:
    app = create_app({"KIBLAT_ENV": "test", "KIBLAT_INSTANCE_PATH": str(tmp_path), "KIBLAT_BASE_DOMAIN": "localhost"})
    with app.app_context():
        upgrade_control_plane()
        sync_regions()
        provision_tenant("12.75", slug="binjai", modules=["pengumuman"])
        with tenant_context(tenant_registry().by_slug("binjai")):
            pengumuman.publish("Jadwal posyandu", "Posyandu dibuka setiap Selasa.", "umum")
        # What a move's freeze step sets: the regency answers reads, not writes.
        db.session.execute(update(Tenant).where(Tenant.slug == "binjai").values(read_only=True))
        db.session.commit()
        tenant_registry().changed("binjai")
    ARTIFACTS.mkdir(exist_ok=True)
    with serving(app) as port, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page(viewport={"width": width, "height": 800})
            page.goto(f"http://binjai.localhost:{port}/pengumuman/")
            assert page.get_by_text("Jadwal posyandu").count() >= 1
            page.goto(f"http://binjai.localhost:{port}/masuk")
            page.locator("input[name=identifier]").fill("warga@contoh.id")
            page.locator("input[name=password]").fill("rahasia-sekali")
            with page.expect_navigation():
                page.locator("button[type=submit]").first.click()
            assert page.get_by_role("heading", level=1).inner_text() == "Pemerintah Kota Binjai"
            assert page.get_by_text("Sedang pemeliharaan, kembali sebentar lagi.").count() == 1
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.screenshot(path=str(ARTIFACTS / f"maintenance-{name}.png"), full_page=True)
        finally:
            browser.close()
