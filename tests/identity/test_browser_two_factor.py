"""Signing in with a TOTP second step in a real Chromium, against the app on a loopback port.

Screenshots go to ``tests/artifacts/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyotp
import pytest
from playwright.sync_api import Page, expect, sync_playwright

from kiblat.migrations.runner import upgrade_control_plane
from kiblat.platform.core.app import create_app
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.regions.sync import sync_regions
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry
from tests.identity.helpers import PASSWORD, enrol_two_factor
from tests.live_server import launch_chromium, needs_chromium, serving, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    needs_chromium,
]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, str]]:
    """The app on a free loopback port with Deli Serdang, an enrolled admin and a new officer."""
    app = create_app({"KIBLAT_ENV": "test", "KIBLAT_BASE_DOMAIN": "localhost",
                      "KIBLAT_INSTANCE_PATH": str(tmp_path_factory.mktemp("browser-2fa"))})
    with app.app_context():
        upgrade_control_plane()
        sync_regions()
        provision_tenant("12.07", slug="deliserdang", modules=["pengumuman"])
        with tenant_context(tenant_registry().by_slug("deliserdang")):
            admin = create_user(name="Admin Deli Serdang", role="admin", email="admin@deliserdang.example.id",
                                password=PASSWORD)
            secret = enrol_two_factor(admin)
            create_user(name="Operator Baru", role="admin", email="baru@deliserdang.example.id", password=PASSWORD)
            tenant_db.session.commit()
    with serving(app) as port:
        yield port, secret


def _password_step(page: Page, origin: str, email: str) -> None:
    page.goto(origin + "/admin/pengguna")
    page.wait_for_url(re.compile(r"/masuk\?next="))
    page.get_by_label("Email atau nomor telepon").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_login_with_totp_second_step_and_enrolment(served: tuple[int, str]) -> None:
    port, secret = served
    origin = f"http://deliserdang.localhost:{port}"
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 860}).new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            _password_step(page, origin, "admin@deliserdang.example.id")
            page.wait_for_url(re.compile(r"/masuk/kode"))
            assert page.locator("h1").inner_text() == "Verifikasi dua langkah"
            page.get_by_label("Kode 6 angka dari aplikasi autentikator").fill("000000")
            page.get_by_role("button", name="Lanjutkan").click()
            assert "Kode salah" in page.locator(".error").first.inner_text()
            shot(page, "deliserdang-masuk-kode-salah")
            page.get_by_label("Kode 6 angka dari aplikasi autentikator").fill(pyotp.TOTP(secret).now())
            shot(page, "deliserdang-masuk-kode")
            page.get_by_role("button", name="Lanjutkan").click()
            page.wait_for_url(origin + "/admin/pengguna")
            assert page.locator("h1").inner_text() == "Pengguna"
            assert page.locator(".account .who").inner_text() == "Admin Deli Serdang"
            shot(page, "deliserdang-admin-pengguna")

            # A staff account without two-factor is taken to enrolment; the QR code renders under the CSP.
            fresh = browser.new_context(viewport={"width": 1280, "height": 860}).new_page()
            fresh.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            _password_step(fresh, origin, "baru@deliserdang.example.id")
            fresh.wait_for_url(re.compile(r"/akun/dua-langkah"))
            qr = fresh.locator("img.qr")
            assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
            key = fresh.locator("code.secret").inner_text().replace(" ", "")
            shot(fresh, "deliserdang-aktifkan-dua-langkah")
            fresh.get_by_label("Kode 6 angka dari aplikasi autentikator").fill(pyotp.TOTP(key).now())
            fresh.get_by_role("button", name="Aktifkan").click()
            # Ten recovery codes, shown this once, then on to the page the person was heading for.
            # (count() does not wait: the answer to the click may not have arrived yet.)
            expect(fresh.locator("ol.recovery-codes li")).to_have_count(10)
            assert "Verifikasi dua langkah aktif" in fresh.locator(".flashes").inner_text()
            shot(fresh, "deliserdang-kode-pemulihan")
            fresh.get_by_role("link", name="Sudah saya simpan, lanjutkan").click()
            fresh.wait_for_url(origin + "/admin/pengguna")
        finally:
            browser.close()
    # The wrong code is answered with 401 on purpose; anything else (a CSP violation) is a failure.
    unexpected = [e for e in errors if "status of 401" not in e]
    assert not unexpected, unexpected
