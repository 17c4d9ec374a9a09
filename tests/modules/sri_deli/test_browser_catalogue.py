"""The regency admin defines a permit in a real Chromium, at desktop and phone width: a permit
type with two stages (each with its OPD) and a fee formula tried in the live calculator; it
cannot be published while a stage has no officer, is published once officers exist, and a
citizen then finds it in the catalogue. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from kiblat.migrations.runner import upgrade_control_plane
from kiblat.platform.core.app import create_app
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.identity.models import Opd
from kiblat.platform.regions.sync import sync_regions
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry
from tests.identity.helpers import PASSWORD, enrol_two_factor
from tests.live_server import assert_fits, needs_chromium, serving, shot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]

WIDTHS = {"desktop": {"width": 1280, "height": 860}, "ponsel": {"width": 390, "height": 844}}
# Each width staffs its own two OPDs, so the first run's officers do not publish the second's permit.
OPDS = {"desktop": ("DPMPTSP", "DLH"), "ponsel": ("DISDIK", "DISKOMINFO")}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, dict[str, str], object]]:
    app = create_app({"KIBLAT_ENV": "test", "KIBLAT_BASE_DOMAIN": "localhost",
                      "KIBLAT_INSTANCE_PATH": str(tmp_path_factory.mktemp("sri-deli-catalogue"))})
    secrets: dict[str, str] = {}
    with app.app_context():
        upgrade_control_plane()
        sync_regions()
        provision_tenant("12.07", slug="deliserdang", modules=["sri_deli"])
        with tenant_context(tenant_registry().by_slug("deliserdang")):
            tenant_db.session.add_all([
                Opd(name="Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", short_name="DPMPTSP"),
                Opd(name="Dinas Lingkungan Hidup", short_name="DLH"),
                Opd(name="Dinas Pendidikan", short_name="DISDIK"),
                Opd(name="Dinas Komunikasi dan Informatika", short_name="DISKOMINFO")])
            for width in WIDTHS:
                admin = create_user(name="Admin Deli Serdang", role="admin", email=f"admin.{width}@deli.example.id",
                                    password=PASSWORD)
                secrets[width] = enrol_two_factor(admin)
            create_user(name="Rina Sembiring", role="citizen", email="rina@deli.example.id", password=PASSWORD)
            tenant_db.session.commit()
    with serving(app) as port:
        yield port, secrets, app


def _page(browser: Browser, width: str) -> Page:
    phone = width == "ponsel"
    return browser.new_context(viewport=WIDTHS[width], is_mobile=phone, has_touch=phone).new_page()


def _sign_in(page: Page, origin: str, email: str, path: str, secret: str) -> None:
    sign_in(page, origin, email, PASSWORD, totp_secret=secret, path=path)


def _officer(app, short_name: str, role: str, email: str) -> None:  # noqa: ANN001
    with app.app_context(), tenant_context(tenant_registry().by_slug("deliserdang")):
        from sqlalchemy import select

        opd = tenant_db.session.scalar(select(Opd).where(Opd.short_name == short_name))
        create_user(name=f"Petugas {short_name}", role=role, email=email, opd_id=opd.id, password=PASSWORD)
        tenant_db.session.commit()


@pytest.mark.parametrize("width", ["desktop", "ponsel"])
def test_admin_defines_publishes_and_a_citizen_finds_a_permit(browser: Browser, served, width: str) -> None:
    port, secrets, app = served
    origin = f"http://deliserdang.localhost:{port}"
    key, name = f"reklame_kecil_{width}", f"Izin Reklame Kecil ({width})"
    first, second = OPDS[width]
    page = _page(browser, width)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))  # a refused form answers 400 on purpose
    _sign_in(page, origin, f"admin.{width}@deli.example.id", "/perizinan/kelola/katalog", secrets[width])
    page.get_by_role("link", name="Tambah jenis izin").click()
    page.get_by_label("Kode izin (untuk alamat halaman)").fill(key)
    page.get_by_label("Nama izin").fill(name)
    page.get_by_label("Dasar hukum").fill("Perda Kabupaten Deli Serdang tentang Pajak dan Retribusi Daerah")
    page.get_by_label("SLA (hari kerja)").fill("5")
    page.locator("[name=dokumen-0-label]").fill("KTP pemohon")
    page.locator("[name=dokumen-0-kinds]").select_option("pdf")
    page.locator("[name=isian-0-label]").fill("Luas")
    page.locator("[name=isian-0-type]").select_option("number")
    page.locator("[name=tahap-0-label]").fill("Pemeriksaan berkas")
    page.locator("[name=tahap-0-permission]").select_option("sri_deli.frontoffice")
    page.locator("[name=tahap-0-opd]").select_option(first)
    page.locator("[name=jenis_biaya]").select_option("formula")
    page.get_by_label("Rumus biaya").fill("luas * lama")  # "lama" is not a field yet
    page.get_by_role("button", name="Simpan").click()
    alert = page.locator("[role=alert]").inner_text()
    assert "Rumus biaya memakai isian 'lama' yang tidak ada atau bukan angka" in alert
    assert "Tambahkan paling sedikit satu tahap" not in alert
    assert page.get_by_label("Nama izin").input_value() == name  # nothing typed is lost
    assert_fits(page)
    shot(page, f"sri-deli-katalog-salah-{width}")

    # The second number field and the second stage (another OPD), then the calculator.
    page.locator("[name=isian-1-label]").fill("Lama")
    page.locator("[name=isian-1-type]").select_option("number")
    page.locator("[name=tahap-1-label]").fill("Persetujuan")
    page.locator("[name=tahap-1-permission]").select_option("sri_deli.approve")
    page.locator("[name=tahap-1-opd]").select_option(second)
    page.locator("[name=masa_berlaku]").select_option("field")
    page.get_by_role("button", name="Hitung").click()
    page.get_by_label("Contoh luas").fill("4")
    page.get_by_label("Contoh lama").fill("30")
    page.get_by_label("Rumus biaya").fill("luas * lama * 2500")
    live = page.locator("#hasil-biaya")
    live.filter(has_text="300.000").wait_for()  # recomputed by the server's parser as it is typed
    page.get_by_label("Rumus biaya").fill("luas * lama * ")
    live.filter(has_text="tidak dapat dibaca").wait_for()
    page.get_by_label("Rumus biaya").fill("luas * lama * 2500")
    live.filter(has_text="300.000").wait_for()
    page.locator("[name=masa_berlaku_isian]").select_option("lama")
    assert_fits(page)
    shot(page, f"sri-deli-katalog-kalkulator-{width}")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(origin + "/perizinan/kelola/katalog")
    card = page.locator(".card").filter(has_text=name)
    assert "Draf" in card.inner_text()

    # No officer yet: publishing is refused, with the stages named.
    card.get_by_role("button", name="Terbitkan").click()
    flashes = page.locator(".flashes").inner_text()
    assert "Izin belum dapat diterbitkan" in flashes and "Pemeriksaan berkas" in flashes
    assert_fits(page)
    shot(page, f"sri-deli-katalog-ditolak-{width}")
    _officer(app, first, "petugas_loket", f"loket.{width}@deli.example.id")
    _officer(app, second, "penandatangan_izin", f"pejabat.{width}@deli.example.id")
    page.reload()
    page.locator(".card").filter(has_text=name).get_by_role("button", name="Terbitkan").click()
    assert f"{name} diterbitkan" in page.locator(".flashes").inner_text()
    shot(page, f"sri-deli-katalog-terbit-{width}")

    citizen = _page(browser, width)
    citizen.goto(origin + "/masuk")
    citizen.get_by_label("Email atau nomor telepon").fill("rina@deli.example.id")
    citizen.get_by_label("Kata sandi").fill(PASSWORD)
    citizen.get_by_role("button", name="Masuk").click()
    citizen.wait_for_load_state()
    citizen.goto(origin + "/perizinan/")
    citizen.get_by_role("link", name=name).click()
    expect(citizen.get_by_label("Luas")).to_be_visible()  # the permit's own page, with its calculator
    assert "Persetujuan" in citizen.content()
    citizen.get_by_label("Luas").fill("4")
    citizen.get_by_label("Lama").fill("30")
    citizen.get_by_role("button", name="Hitung").click()
    assert "Rp300.000" in citizen.locator(".notice").inner_text()
    assert_fits(citizen)
    shot(citizen, f"sri-deli-katalog-warga-{width}")
    assert errors == []
