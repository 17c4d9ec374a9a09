"""The regency admin runs the regency from the browser, at desktop and phone width: switches
modules (seeing the price change), is stopped from stranding citizens' savings.

One running app with Deli Serdang (Pengumuman and Jumpa Madu, with a nasabah holding savings)
and an enrolled admin. Screenshots go to ``tests/artifacts/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from kiblat.migrations.runner import upgrade_control_plane
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
# One admin per journey and width: a two-factor code is accepted once, and the runs sign in
# within the same 30 seconds.
ADMINS = {f"{journey}-{width}": f"admin.{journey}.{width}@deliserdang.example.id"
          for journey in ("modul", "tampilan", "pengguna", "pengumuman", "izin") for width in ("desktop", "ponsel")}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, dict[str, str]]]:
    app = create_app({"KIBLAT_ENV": "test", "KIBLAT_BASE_DOMAIN": "localhost",
                      "KIBLAT_INSTANCE_PATH": str(tmp_path_factory.mktemp("browser-admin"))})
    with app.app_context():
        upgrade_control_plane()
        sync_regions()
        provision_tenant("12.07", slug="deliserdang", modules=["pengumuman", "sri_deli", "jus_melon",
                                   "jumpa_madu"])
        with app.test_request_context(base_url="http://deliserdang.localhost"), \
                tenant_context(tenant_registry().by_slug("deliserdang")):
            from kiblat.modules.jumpa_madu.sample import sample_data

            sample_data("Contoh")
            secrets = {width: enrol_two_factor(create_user(name="Admin Deli Serdang", role="admin", email=email,
                                                           password=PASSWORD))
                       for width, email in ADMINS.items()}
            tenant_db.session.commit()
    with serving(app) as port:
        yield port, secrets


def _row(page: Page, name: str):  # noqa: ANN202
    """The module's entry on the modules page, found by its heading (descriptions name others)."""
    return page.locator(".module-row").filter(has=page.locator("h2", has_text=re.compile("^" + name)))


def _sign_in(browser: Browser, origin: str, secrets: dict[str, str], who: str, path: str) -> Page:
    phone = who.endswith("ponsel")
    context = browser.new_context(viewport=PHONE if phone else DESKTOP, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    return sign_in(page, origin, ADMINS[who], PASSWORD, totp_secret=secrets[who], path=path)


@pytest.mark.parametrize("width", ["desktop", "ponsel"])
def test_admin_switches_modules_and_savings_block_jumpa_madu(browser: Browser, served: tuple[int, dict[str, str]],
                                                             width: str) -> None:
    port, secrets = served
    origin = f"http://deliserdang.localhost:{port}"
    page = _sign_in(browser, origin, secrets, f"modul-{width}", "/admin/modul")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        assert page.locator("h1").inner_text() == "Modul layanan"
        assert_fits(page)
        shot(page, f"admin-modul-{width}")

        # Jumpa Madu holds citizens' savings: the page says so, with the amount, and offers no switch.
        _row(page, "Jumpa Madu").get_by_role("link", name="Nonaktifkan").click()
        refusal = page.locator("div.error").inner_text()
        assert "nasabah masih memiliki saldo" in refusal and "Rp" in refusal
        assert page.get_by_role("button", name="Ya, nonaktifkan").count() == 0
        assert_fits(page)
        shot(page, f"admin-modul-jumpa-madu-ditolak-{width}")

        # Sri Deli is needed by Jus Melon: the page names it and offers no switch.
        page.goto(origin + "/admin/modul")
        _row(page, "Sri Deli").get_by_role("link", name="Nonaktifkan").click()
        assert "Modul Jus Melon" in page.locator("div.error").inner_text()
        assert page.get_by_role("button", name="Ya, nonaktifkan").count() == 0

        # Switching a module on states the new monthly fee first (each width its own module).
        module = "Satu Data" if width == "desktop" else "Kunjungan"
        page.goto(origin + "/admin/modul")
        _row(page, module).get_by_role("link", name="Aktifkan").click()
        notice = page.locator(".notice").inner_text()
        assert re.search(r"Biaya bulanan berubah dari Rp[\d.]+ menjadi Rp[\d.]+", notice)
        assert_fits(page)
        shot(page, f"admin-modul-aktifkan-{width}")
        with page.expect_navigation():
            page.get_by_role("button", name="Ya, aktifkan").click()
        assert "diaktifkan" in page.locator(".flashes").inner_text()
        _row(page, module).get_by_role("link", name="Pengaturan").click()
        assert page.locator("h1").inner_text().startswith("Pengaturan")
        assert_fits(page)
        shot(page, f"admin-modul-pengaturan-{width}")
        assert not errors, errors
    finally:
        page.context.close()


def _logo_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (120, 120), "#ffffff")
    ImageDraw.Draw(image).ellipse((10, 10, 110, 110), fill="#8b1e3f")
    out = __import__("io").BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("width", ["desktop", "ponsel"])
def test_admin_rebrands_and_citizens_see_it(browser: Browser, served: tuple[int, dict[str, str]], width: str) -> None:
    port, secrets = served
    origin = f"http://deliserdang.localhost:{port}"
    page = _sign_in(browser, origin, secrets, f"tampilan-{width}", "/admin/tampilan")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        # An unreadable primary colour is explained, and the typed tagline stays.
        page.get_by_label("Slogan").fill("Bersama membangun desa")
        page.get_by_label("Warna utama").fill("#f5f5a0")
        page.get_by_role("button", name="Simpan").click()
        assert "sulit dibaca" in page.locator("p.error").first.inner_text()
        assert page.get_by_label("Slogan").input_value() == "Bersama membangun desa"
        assert_fits(page)
        shot(page, f"admin-tampilan-kontras-{width}")

        primary = "#8b1e3f" if width == "desktop" else "#1d4e89"
        page.get_by_label("Warna utama").fill(primary)
        with page.expect_navigation():  # and its stylesheets: the preview colours come in one
            page.get_by_role("button", name="Pratinjau").click()
        preview = page.locator(".brand-preview .site-header")
        red, green, blue = (int(primary[i:i + 2], 16) for i in (1, 3, 5))
        assert preview.evaluate("el => getComputedStyle(el).backgroundColor") == f"rgb({red}, {green}, {blue})"
        shot(page, f"admin-tampilan-pratinjau-{width}")
        with page.expect_navigation():
            page.get_by_role("button", name="Simpan").click()
        assert "Tampilan tersimpan" in page.locator(".flashes").inner_text()

        page.get_by_label("Logo baru").set_input_files(
            {"name": "logo.png", "mimeType": "image/png", "buffer": _logo_png()})
        with page.expect_navigation():
            page.get_by_role("button", name="Unggah logo").click()
        assert page.locator("img.logo-current").evaluate("img => img.complete && img.naturalWidth > 0")
        assert_fits(page)
        shot(page, f"admin-tampilan-{width}")

        # A citizen (a fresh browser) sees the new colour, tagline and logo on the home page.
        citizen = browser.new_context(viewport=PHONE if width == "ponsel" else DESKTOP).new_page()
        citizen.goto(origin + "/")
        header = citizen.locator(".site-header")
        assert header.evaluate("el => getComputedStyle(el).backgroundColor") == f"rgb({red}, {green}, {blue})"
        assert header.locator(".tagline").inner_text() == "Bersama membangun desa"
        assert header.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
        shot(citizen, f"warga-beranda-baru-{width}")
        citizen.context.close()
        # The refused colour is answered with 422 on purpose; anything else (a CSP violation) fails.
        assert not [e for e in errors if "status of 422" not in e], errors
    finally:
        page.context.close()


@pytest.mark.parametrize("width", ["desktop", "ponsel"])
def test_humas_writes_and_schedules_an_announcement(browser: Browser, served: tuple[int, dict[str, str]],
                                                    width: str) -> None:
    port, secrets = served
    origin = f"http://deliserdang.localhost:{port}"
    page = _sign_in(browser, origin, secrets, f"pengumuman-{width}", "/pengumuman/kelola")
    try:
        page.get_by_role("link", name="Tulis pengumuman").click()
        title = f"Pemadaman listrik bergilir ({width})"
        page.get_by_label("Judul").fill(title)
        page.get_by_label("Kategori").select_option(label="Umum")
        page.get_by_label("Isi").fill("Wilayah Lubuk Pakam.\n\nMohon maklum.")
        page.get_by_role("button", name="Pratinjau").click()
        assert page.locator(".item h2").inner_text() == title
        assert_fits(page)
        shot(page, f"humas-pratinjau-{width}")
        page.get_by_label("Terbitkan pada").fill("2099-01-02T08:00")
        with page.expect_navigation():
            page.get_by_role("button", name="Terbitkan").click()
        assert "dijadwalkan" in page.locator(".flashes").inner_text()
        entry = page.locator("article.item", has_text=title)
        assert "terjadwal" in entry.inner_text() and "2 Jan 2099, 08:00" in entry.inner_text()  # regency time, as typed
        assert_fits(page)
        shot(page, f"humas-daftar-{width}")
        # Not public before its time.
        citizen = browser.new_context().new_page()
        citizen.goto(origin + "/pengumuman/")
        assert title not in citizen.locator("body").inner_text()
        citizen.context.close()
    finally:
        page.context.close()


@pytest.mark.parametrize("width", ["desktop", "ponsel"])
def test_admin_places_an_iumk_officer_in_a_kecamatan(browser: Browser, served: tuple[int, dict[str, str]],
                                                     width: str) -> None:
    port, secrets = served
    origin = f"http://deliserdang.localhost:{port}"
    page = _sign_in(browser, origin, secrets, f"pengguna-{width}", "/admin/pengguna/baru")
    try:
        page.get_by_label("Nama lengkap").fill(f"Camat Lubuk Pakam {width}")
        page.get_by_label("Email").fill(f"camat.{width}@deliserdang.example.id")
        page.get_by_label("Peran utama").select_option(label="Operator desa")
        with page.expect_navigation():
            page.get_by_role("button", name="Buat akun dan kirim undangan").click()
        # The role needs a desa: said in words, and the typed name stays.
        assert "Pilih desa/kelurahan tempat Operator desa bertugas" in page.locator("p.error").inner_text()
        assert page.get_by_label("Nama lengkap").input_value() == f"Camat Lubuk Pakam {width}"
        assert_fits(page)
        shot(page, f"admin-pengguna-baru-{width}")
        page.get_by_label("Desa/kelurahan").select_option(index=1)
        with page.expect_navigation():
            page.get_by_role("button", name="Buat akun dan kirim undangan").click()
        assert "Desa/kelurahan:" in page.locator(".notice").inner_text()
        page.get_by_role("link", name="Ubah peran dan penempatan").click()
        page.get_by_label("Kecamatan", exact=True).select_option(index=1)
        page.locator(".choices").get_by_label("Petugas IUMK kecamatan").check()
        assert_fits(page)
        shot(page, f"admin-pengguna-ubah-{width}")
        with page.expect_navigation():
            page.get_by_role("button", name="Simpan").click()
        detail = page.locator(".notice").inner_text()
        assert "Petugas IUMK kecamatan" in detail and "Kecamatan:" in detail
        shot(page, f"admin-pengguna-detail-{width}")
    finally:
        page.context.close()
