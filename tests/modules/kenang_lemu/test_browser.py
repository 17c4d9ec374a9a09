"""A curator catalogues an object with two photos, publishes it and puts it in an exhibition;
a visitor opens it at phone and desktop width: all in a real Chromium. Screenshots in
tests/artifacts/."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pypdfium2
import pytest
import zxingcpp
from playwright.sync_api import Browser, Page

from kiblat.migrations.runner import upgrade_control_plane
from kiblat.platform.core.app import create_app
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.regions.sync import sync_regions
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry
from tests.live_server import ARTIFACTS, needs_chromium, serving
from tests.modules.kenang_lemu.helpers import jpeg_with_exif

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
PASSWORD = "kata-sandi-uji-123"

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # A control plane of its own: Deli Serdang here takes no region from other tests.
    app = create_app({"KIBLAT_ENV": "test", "KIBLAT_BASE_DOMAIN": "localhost",
                      "KIBLAT_INSTANCE_PATH": str(tmp_path_factory.mktemp("kenang-lemu-browser"))})
    with app.app_context():
        upgrade_control_plane()
        sync_regions()
        provision_tenant("12.07", slug="deliserdang", modules=["kunjungan", "kenang_lemu"])
        with tenant_context(tenant_registry().by_slug("deliserdang")):
            create_user(name="Kurator Museum", role="kurator_museum", email="kurator@deliserdang.example.id",
                        password=PASSWORD)
            create_user(name="Ibu Rina", role="citizen", email="guru@deliserdang.example.id", password=PASSWORD)
            tenant_db.session.commit()
    with serving(app) as port:
        yield f"http://deliserdang.localhost:{port}"


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"kenang-lemu-{name}.png"), full_page=True)


def arrive(page: Page, pattern: str) -> None:
    try:
        page.wait_for_url(pattern, timeout=10_000)
    except Exception as exc:  # noqa: BLE001
        raise AssertionError(f"{page.url}: {page.inner_text('main')[:800]}") from exc


def signed_in(browser: Browser, origin: str, email: str, viewport: dict) -> Page:
    page = browser.new_context(viewport=viewport).new_page()
    page.goto(origin + "/masuk")
    page.fill("#identifier", email)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    return page


def test_curator_publishes_an_object_with_two_photos_into_an_exhibition(browser: Browser, origin: str,
                                                                          tmp_path: Path) -> None:
    curator = signed_in(browser, origin, "kurator@deliserdang.example.id", DESKTOP)
    curator.goto(origin + "/museum/kelola")
    curator.click("text=Tambah koleksi")
    curator.fill("input[name=inventory_number]", "MDS-2026-001")
    curator.fill("input[name=title]", "Ulos Ragidup")
    curator.fill("input[name=title_en]", "Ragidup ulos cloth")
    curator.fill("textarea[name=description]", "Kain tenun Karo untuk upacara adat perkawinan.")
    curator.select_option("select[name=collection]", "etnografi")
    curator.fill("input[name=material]", "Kapas")
    curator.fill("input[name=culture]", "Karo")
    curator.fill("input[name=period]", "Awal abad ke-20")
    curator.fill("input[name=location]", "Ruang pamer 1")
    curator.click("text=Simpan")
    arrive(curator, "**/museum/kelola/objek/*")
    for n, color in enumerate(((150, 40, 40), (40, 90, 150))):
        photo = tmp_path / f"ulos-{n}.jpg"
        photo.write_bytes(jpeg_with_exif((1600, 1200), color))
        curator.set_input_files("input[name=image]", str(photo))
        curator.fill("input[name=alt]", f"Ulos Ragidup, sisi {n + 1}")
        curator.click("text=Unggah foto")
        curator.wait_for_load_state()
        assert "Foto ditambahkan" in curator.inner_text(".flashes")
    curator.click("#publish")
    curator.wait_for_load_state()
    assert curator.inner_text("#state") == "Terbit"
    shot(curator, "1-kurator-objek")

    curator.goto(origin + "/museum/kelola/pameran")
    curator.fill("input[name=title]", "Warisan Tenun Deli")
    curator.fill("textarea[name=intro]", "Kain-kain tenun dari kampung-kampung Deli Serdang.")
    curator.click("text=Simpan pameran")
    arrive(curator, "**/museum/kelola/pameran/*")
    curator.fill("form[action$='/koleksi'] input[name=inventory_number]", "MDS-2026-001")
    curator.click("form[action$='/koleksi'] button")
    curator.wait_for_load_state()
    curator.click("#publish-exhibition")
    curator.wait_for_load_state()
    shot(curator, "2-kurator-pameran")
    # The label sheet: rendered as printed, its QR read back and followed on a phone.
    fetched = curator.evaluate("""async (url) => {
        const response = await fetch(url);
        return {type: response.headers.get("content-type"), bytes: Array.from(new Uint8Array(await response.arrayBuffer()))};
    }""", curator.get_attribute("#print-labels", "href"))
    assert fetched["type"] == "application/pdf"
    printed = pypdfium2.PdfDocument(bytes(fetched["bytes"]))[0].render(scale=300 / 72).to_pil()
    printed.resize((printed.width // 3, printed.height // 3)).save(ARTIFACTS / "kenang-lemu-2b-label.png")
    [scanned] = [result.text for result in zxingcpp.read_barcodes(printed)]
    scanner = browser.new_context(viewport=PHONE).new_page()
    scanner.goto(origin + urlsplit(scanned).path)
    assert "Ulos Ragidup" in scanner.inner_text("h1")

    for name, viewport in (("ponsel", PHONE), ("desktop", DESKTOP)):
        visitor = browser.new_context(viewport=viewport).new_page()
        visitor.goto(origin + "/museum/pameran")
        visitor.click("text=Warisan Tenun Deli")
        visitor.click("text=Ulos Ragidup")
        arrive(visitor, "**/museum/objek/*")
        # Polled from here: wait_for_function compiles its predicate with eval, which the CSP forbids.
        deadline = time.monotonic() + 30
        while not visitor.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)"):
            assert time.monotonic() < deadline, "the object's images did not load"
            visitor.wait_for_timeout(100)
        assert visitor.locator(".object-images img").count() == 2
        assert visitor.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
        shot(visitor, f"3-objek-{name}")
        visitor.goto(origin + "/museum/?q=tenun")
        assert "Ulos Ragidup" in visitor.inner_text("main")
        shot(visitor, f"4-jelajah-{name}")


def test_a_teacher_books_a_school_group_visit(browser: Browser, origin: str) -> None:
    teacher = signed_in(browser, origin, "guru@deliserdang.example.id", PHONE)
    teacher.goto(origin + "/museum/tentang")
    shot(teacher, "5-tentang-ponsel")
    day = datetime.now(ZoneInfo("Asia/Jakarta")).date() + timedelta(days=2)
    if day.isoweekday() == 1:  # closed on Mondays
        day += timedelta(days=1)
    href = teacher.get_attribute("#school-booking", "href")
    teacher.goto(origin + href + f"?tanggal={day.isoformat()}")
    teacher.check("input[name=slot] >> nth=0")
    teacher.fill("input[name^=n_] >> nth=0", "2")  # Pengunjung umum: the teachers
    teacher.fill("input[name^=n_] >> nth=1", "28")  # Pelajar
    teacher.fill("input[name=name]", "Ibu Rina, SD Negeri 101 Lubuk Pakam")
    shot(teacher, "6-rombongan-pesan")
    teacher.click("main button[type=submit]")
    arrive(teacher, "**/kunjungan/pesanan/*")
    assert teacher.inner_text("#booking-total") == "Rp66.000"
    assert teacher.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    shot(teacher, "7-rombongan-tiket")
