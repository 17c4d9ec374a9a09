"""Binjai's Dinas Kesehatan publishes a dataset and a citizen downloads it, in a real Chromium.

The producer uploads a CSV with an error, sees it row by row, fixes it and submits; the
walidata returns it once with a note, then publishes; a citizen finds it by facet, previews and
downloads it; the national catalogue on the platform host shows it beside Deli Serdang's
module-fed statistics. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from kiblat.migrations.runner import upgrade_control_plane
from kiblat.modules.satu_data.services import living
from kiblat.modules.satu_data.services.access import WALIDATA
from kiblat.platform.core.app import create_app
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.identity.models import Opd
from kiblat.platform.regions.sync import sync_regions
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Kecamatan
from kiblat.tenants.registry import tenant_registry
from tests.identity.helpers import PASSWORD
from tests.live_server import needs_chromium, serving, shot, sign_in

PHONE = {"width": 390, "height": 844}
pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]
VARIABLES = ("kode_kecamatan; Kode Kemendagri kecamatan; ; kode_wilayah\n"
             "tahun; Tahun pencatatan; tahun; bilangan\n"
             "jumlah_balita; Balita gizi buruk yang ditangani; anak; bilangan")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, list[str], Path]]:
    app = create_app({"KIBLAT_ENV": "test", "KIBLAT_BASE_DOMAIN": "localhost",
                      "KIBLAT_INSTANCE_PATH": str(tmp_path_factory.mktemp("satu-data-browser"))})
    with app.app_context():
        upgrade_control_plane()
        sync_regions()
        provision_tenant("12.07", slug="deliserdang", modules=["sri_deli", "jus_melon", "satu_data"])
        with app.test_request_context(base_url="http://deliserdang.localhost"), \
                tenant_context(tenant_registry().by_slug("deliserdang")):
            kominfo = Opd(name="Dinas Komunikasi dan Informatika", short_name="DISKOMINFO")
            tenant_db.session.add(kominfo)
            tenant_db.session.flush()
            living.choose("jus_melon.iumk_per_kecamatan", kominfo.id, frozenset({WALIDATA}))
        provision_tenant("12.75", slug="binjai", modules=["satu_data"])
        with tenant_context(tenant_registry().by_slug("binjai")):
            session = tenant_db.session
            dinkes = Opd(name="Dinas Kesehatan", short_name="DINKES")
            kominfo = Opd(name="Dinas Komunikasi dan Informatika", short_name="DISKOMINFO")
            session.add_all([dinkes, kominfo])
            session.flush()
            create_user(name="Produsen Dinkes", role="produsen_data", opd_id=dinkes.id,
                        email="produsen@binjai.example.id", password=PASSWORD)
            create_user(name="Walidata Binjai", role="walidata", opd_id=kominfo.id,
                        email="walidata@binjai.example.id", password=PASSWORD)
            codes = list(session.scalars(select(Kecamatan.code).order_by(Kecamatan.code).limit(3)))
            session.commit()
    folder = tmp_path_factory.mktemp("tables")
    with serving(app) as port:
        yield port, codes, folder


def _sign_in(browser: Browser, origin: str, email: str) -> Page:
    page = browser.new_context(viewport=PHONE, accept_downloads=True).new_page()
    return sign_in(page, origin, email, PASSWORD)


def test_dinkes_publishes_and_a_citizen_downloads(served, browser: Browser) -> None:
    port, codes, folder = served
    binjai = f"http://binjai.localhost:{port}"
    bad, good = folder / "balita.csv", folder / "balita-perbaikan.csv"
    bad.write_text(f"kode_kecamatan,tahun,jumlah_balita\n{codes[0]},2024,tiga\n99.99.99,2024,2\n{codes[2]},2024,5\n")
    good.write_text("kode_kecamatan,tahun,jumlah_balita\n" + "".join(f"{c},2024,{i + 2}\n" for i, c in enumerate(codes)))

    producer = _sign_in(browser, binjai, "produsen@binjai.example.id")
    producer.goto(binjai + "/data/kelola/baru")
    producer.get_by_label("Judul", exact=True).fill("Balita gizi buruk per kecamatan")
    producer.get_by_label("Deskripsi").fill("Balita gizi buruk yang ditangani puskesmas.")
    producer.get_by_label("Kata kunci (dipisah koma)").fill("gizi, balita")
    producer.get_by_label("Cakupan waktu: tahun awal").fill("2024")
    producer.get_by_label("Cakupan waktu: tahun akhir").fill("2024")
    producer.locator("#variabel").fill(VARIABLES)
    producer.get_by_label("Tabel CSV atau XLSX").set_input_files(str(bad))
    producer.get_by_role("button", name="Simpan dan periksa").click()
    producer.wait_for_load_state()
    problems = producer.locator("table.problems")
    assert "harus bilangan bulat, bukan \"tiga\"" in problems.inner_text()
    assert "kode wilayah \"99.99.99\" tidak dikenal" in problems.inner_text()
    shot(producer, "satu-data-1-kesalahan-per-baris")
    # nothing typed is lost
    assert producer.get_by_label("Judul", exact=True).input_value() == "Balita gizi buruk per kecamatan"
    producer.get_by_role("button", name="Hapus").click()
    producer.get_by_label("Tabel CSV atau XLSX").set_input_files(str(good))
    producer.get_by_role("button", name="Ajukan ke walidata").click()
    producer.wait_for_load_state()
    assert producer.locator("#status").inner_text() == "Menunggu pemeriksaan"
    edit_url = producer.url

    walidata = _sign_in(browser, binjai, "walidata@binjai.example.id")
    walidata.goto(binjai + "/data/walidata/")
    walidata.get_by_role("link", name="Balita gizi buruk per kecamatan").click()
    walidata.get_by_label("Catatan untuk produsen data").fill("Sebutkan sumber data pada deskripsi.")
    shot(walidata, "satu-data-2-pemeriksaan-walidata")
    walidata.get_by_role("button", name="Kembalikan untuk perbaikan").click()
    walidata.wait_for_load_state()

    producer.goto(edit_url)
    assert "Sebutkan sumber data" in producer.locator("#catatan-walidata").inner_text()
    producer.get_by_label("Deskripsi").fill("Balita gizi buruk yang ditangani puskesmas. Sumber: laporan puskesmas.")
    producer.get_by_role("button", name="Ajukan ke walidata").click()
    producer.wait_for_load_state()

    walidata.goto(binjai + "/data/walidata/")
    walidata.get_by_role("link", name="Balita gizi buruk per kecamatan").click()
    walidata.get_by_role("button", name="Terbitkan").click()
    walidata.wait_for_load_state()

    citizen = browser.new_context(viewport=PHONE, accept_downloads=True).new_page()
    citizen.goto(binjai + "/data/")
    citizen.locator("summary", has_text="Saring").click()
    citizen.get_by_role("link", name="Dinas Kesehatan").click()
    shot(citizen, "satu-data-3-portal-saring")
    citizen.get_by_role("link", name="Balita gizi buruk per kecamatan").click()
    expect(citizen.locator("body")).to_contain_text("Sumber: laporan puskesmas")
    citizen.locator("#sumber a").first.click()
    expect(citizen.locator("#pratinjau tbody tr")).to_have_count(3)
    assert citizen.locator("meter").count() == 3
    shot(citizen, "satu-data-4-pratinjau")
    with citizen.expect_download() as download:
        citizen.get_by_role("link", name=re.compile("Unduh CSV")).click()
    assert Path(download.value.path()).read_text().startswith("kode_kecamatan,tahun,jumlah_balita\n")

    citizen.goto(f"http://localhost:{port}/data/")
    national = citizen.locator("main").inner_text()
    assert "Balita gizi buruk per kecamatan" in national and "IUMK terbit per kecamatan" in national
    shot(citizen, "satu-data-5-katalog-nasional")
    citizen.set_viewport_size({"width": 1280, "height": 900})
    shot(citizen, "satu-data-6-katalog-nasional-lebar")
