"""The regency admin imports officers from a CSV in the browser, at desktop and phone width:
"Periksa" shows each bad row by number; a corrected file is checked, then imported without
choosing it again. Screenshots go to ``tests/artifacts/``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from kiblat.migrations.runner import upgrade_control_plane
from kiblat.platform.admin import services
from kiblat.platform.core.app import create_app
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.regions.sync import sync_regions
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry
from tests.identity.helpers import PASSWORD, enrol_two_factor
from tests.live_server import assert_fits, needs_chromium, serving, shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}
ADMINS = {width: f"admin.impor.{width}@deliserdang.example.id" for width in ("desktop", "ponsel")}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, dict[str, str]]]:
    app = create_app({"KIBLAT_ENV": "test", "KIBLAT_BASE_DOMAIN": "localhost",
                      "KIBLAT_INSTANCE_PATH": str(tmp_path_factory.mktemp("browser-admin-import"))})
    with app.app_context():
        upgrade_control_plane()
        sync_regions()
        provision_tenant("12.07", slug="deliserdang", modules=["pengumuman"])
        with app.test_request_context(base_url="http://deliserdang.localhost"), \
                tenant_context(tenant_registry().by_slug("deliserdang")):
            services.create_opd("Dinas Komunikasi dan Informatika", "Diskominfo")
            secrets = {width: enrol_two_factor(create_user(name="Admin Deli Serdang", role="admin", email=email,
                                                           password=PASSWORD))
                       for width, email in ADMINS.items()}
            tenant_db.session.commit()
    with serving(app) as port:
        yield port, secrets


def _sign_in(browser: Browser, origin: str, secrets: dict[str, str], width: str, path: str) -> Page:
    phone = width == "ponsel"
    context = browser.new_context(viewport=PHONE if phone else DESKTOP, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    return sign_in(page, origin, ADMINS[width], PASSWORD, totp_secret=secrets[width], path=path)


@pytest.mark.parametrize("width", ["desktop", "ponsel"])
def test_admin_checks_then_imports_officers(browser: Browser, served: tuple[int, dict[str, str]], width: str,
                                            tmp_path: Path) -> None:
    port, secrets = served
    origin = f"http://deliserdang.localhost:{port}"
    page = _sign_in(browser, origin, secrets, width, "/admin/pengguna")
    bad, good = tmp_path / "petugas-salah.csv", tmp_path / "petugas.csv"
    bad.write_text("nama,email,peran,opd,kode_wilayah\n"
                   f"Petugas Satu,satu.{width}@contoh.id,officer,Diskominfo,\n"
                   f"Petugas Dua,dua.{width}@contoh.id,officer,DINKES,\n", encoding="utf-8")
    good.write_text("nama,email,peran,opd,kode_wilayah\n"
                    f"Petugas Satu,satu.{width}@contoh.id,officer,Diskominfo,\n"
                    f"Petugas Dua,dua.{width}@contoh.id,Petugas OPD,diskominfo,\n", encoding="utf-8")
    try:
        page.get_by_role("link", name="Impor dari CSV").click()
        page.get_by_label("Berkas CSV petugas").set_input_files(str(bad))
        with page.expect_navigation():
            page.get_by_role("button", name="Periksa").click()
        report = page.locator(".import-report").inner_text()
        assert "Baris 3" in report and "OPD DINKES tidak dikenal di kabupaten/kota ini." in report
        assert_fits(page)
        shot(page, f"admin-impor-laporan-{width}")
        page.get_by_label("Berkas CSV petugas").set_input_files(str(good))
        with page.expect_navigation():
            page.get_by_role("button", name="Periksa").click()
        assert "Semua 2 baris benar" in page.locator("p.success").inner_text()
        with page.expect_navigation():
            page.get_by_role("button", name="Impor").click()
        assert page.url == origin + "/admin/pengguna"
        body = page.locator("main").inner_text()
        assert "2 akun petugas dibuat" in body and f"satu.{width}@contoh.id" in body
        assert_fits(page)
        shot(page, f"admin-impor-selesai-{width}")
    finally:
        page.context.close()
