"""From the platform home page through the wizard to the new admin signed in on the new
regency's host, in a real Chromium. The app is served on a loopback port with a job worker
in a background thread; the verification link is read from the outbox table.
Screenshots go to ``tests/artifacts/``."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import sync_playwright
from sqlalchemy import select

from kiblat.migrations.runner import upgrade_control_plane
from kiblat.platform.core.app import create_app
from kiblat.platform.core.extensions import db
from kiblat.platform.jobs.queue import run_due
from kiblat.platform.onboarding.models import OfficialDomain
from kiblat.platform.regions.models import Regency
from kiblat.platform.regions.sync import sync_regions
from kiblat.provisioning.run import provision_tenant
from tests.live_server import launch_chromium, needs_chromium, serving, shot
from tests.onboarding.helpers import PASSWORD, PNG, verification_token

EMAIL = "kominfo@tapselkab.go.id"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    needs_chromium,
]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, int]]:
    """The app on a free loopback port, Deli Serdang as the template, and a job worker thread."""
    app = create_app({"KIBLAT_ENV": "test", "KIBLAT_BASE_DOMAIN": "localhost",
                      "KIBLAT_INSTANCE_PATH": str(tmp_path_factory.mktemp("browser-onboarding"))})
    with app.app_context():
        upgrade_control_plane()
        sync_regions()
        provision_tenant("12.07", slug="deliserdang", modules=["pengumuman"])
        # Staff recorded Tapanuli Selatan's domain, so its official is approved without waiting.
        tapsel = db.session.scalar(select(Regency.code).where(Regency.name == "Kabupaten Tapanuli Selatan"))
        db.session.add(OfficialDomain(domain=EMAIL.rpartition("@")[2], region_code=tapsel))
        db.session.commit()
    stop = threading.Event()

    def worker() -> None:
        with app.app_context():
            while not stop.is_set():
                if not run_due():
                    time.sleep(0.3)

    with serving(app, worker, stop=stop) as port:
        yield app, port


def test_self_onboarding_from_home_page_to_signed_in_admin(served: tuple[Flask, int], tmp_path: Path) -> None:
    app, port = served
    origin = f"http://localhost:{port}"
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(origin + "/")
            # From the platform home page, as a regency admin would arrive.
            page.get_by_role("link", name="Daftarkan kabupaten/kota Anda").click()
            page.get_by_role("link", name="Buat akun pendaftar").click()
            page.get_by_label("Nama lengkap").fill("Rina Siregar")
            page.get_by_label("Email").fill(EMAIL)
            page.get_by_label("Kata sandi").fill(PASSWORD)
            shot(page, "bergabung-akun")
            page.get_by_role("button", name="Buat akun").click()
            page.wait_for_url(re.compile(r"/bergabung/cek-email"))

            # A later step posted before verification is refused.
            page.goto(origin + "/bergabung/langkah/alamat")
            assert "/bergabung/cek-email" in page.url

            with app.app_context():
                token = verification_token(EMAIL)
            page.goto(f"{origin}/bergabung/verifikasi/{token}")
            page.wait_for_url(re.compile(r"/langkah/wilayah"))
            page.get_by_label("Cari nama kabupaten/kota").fill("deli serdang")
            page.get_by_role("button", name="Cari").click()
            assert "sudah bergabung" in page.locator(".region-choices").inner_text()
            assert "deliserdang.localhost" in page.locator(".region-choices").inner_text()
            shot(page, "bergabung-wilayah-terpakai")
            page.get_by_label("Cari nama kabupaten/kota").fill("tapanuli selatan")
            page.get_by_role("button", name="Cari").click()
            page.get_by_role("button", name="Pilih Kabupaten Tapanuli Selatan").click()

            page.wait_for_url(re.compile(r"/langkah/bukti"))
            assert "pejabat terverifikasi" in page.locator("main").inner_text()
            page.get_by_role("button", name="Lanjut").click()

            page.wait_for_url(re.compile(r"/langkah/alamat"))
            page.get_by_label("Subdomain").fill("www")
            page.get_by_role("button", name="Periksa dan lanjut").click()
            assert "tidak valid" in page.locator(".error").inner_text()
            page.get_by_label("Subdomain").fill("tapsel")
            page.get_by_role("button", name="Periksa dan lanjut").click()

            page.wait_for_url(re.compile(r"/langkah/tampilan"))
            page.get_by_label("Logo").set_input_files(str(logo))
            page.locator("#primary_color").fill("#7b2d26")
            page.get_by_label("Slogan").fill("Tapsel Madani")
            # The live preview (same-origin script) follows the inputs.
            assert page.locator("#bp-tagline").inner_text() == "Tapsel Madani"
            header = page.locator(".bp-header").evaluate("e => getComputedStyle(e).backgroundColor")
            assert header == "rgb(123, 45, 38)"
            shot(page, "bergabung-tampilan-pratinjau")
            page.get_by_role("button", name="Simpan dan lanjut").click()

            page.wait_for_url(re.compile(r"/langkah/modul"))
            page.get_by_role("button", name="Simpan dan lanjut").click()
            page.wait_for_url(re.compile(r"/langkah/paket"))
            prices = page.locator("table").inner_text()
            assert re.search(r"Rp\d", prices) and "Pengumuman" in prices and "jumpa_madu" not in prices
            page.get_by_label("Saya menyetujui biaya bulanan di atas").check()
            page.get_by_label(re.compile("Mulai dari konfigurasi Deli Serdang")).check()
            shot(page, "bergabung-biaya")
            page.get_by_role("button", name="Simpan dan lanjut").click()

            page.wait_for_url(re.compile(r"/bergabung/ringkasan"))
            shot(page, "bergabung-ringkasan")
            page.get_by_role("button", name="Kirim permohonan").click()
            page.wait_for_url(re.compile(r"/bergabung/status"))
            shot(page, "bergabung-status")
            enter = page.get_by_role("button", name=re.compile("Masuk sebagai admin"))
            enter.wait_for(timeout=90_000)  # the status page refreshes itself until ready
            shot(page, "bergabung-siap")
            steps = page.locator("ol.provision-steps").inner_text()
            assert "Membuat tabel layanan — selesai" in steps and "Membuka layanan — selesai" in steps
            assert "migrate" not in steps and "create_storage" not in steps  # words, not step codes
            enter.click()
            page.get_by_role("link", name=re.compile("Lanjut ke tapsel")).click()
            page.wait_for_url(re.compile(rf"http://tapsel\.localhost:{port}/akun/dua-langkah"))
            assert page.locator("img.qr").evaluate("img => img.complete && img.naturalWidth > 0")
            shot(page, "tapsel-admin-dua-langkah")
            assert "Rina Siregar" in page.locator("form.account").inner_text()
        finally:
            browser.close()
    # The refused address is answered with 400 on purpose; anything else (a CSP violation) fails.
    assert [e for e in errors if "status of 400" not in e] == [], errors
