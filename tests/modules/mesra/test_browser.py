"""A Binjai student reports bullying anonymously from a phone, follows it with the receipt code
and answers the TPPK's question; the TPPK escalates to the Satgas, which closes the case with a
recovery action: all in a real Chromium. Screenshots in tests/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pyotp
import pytest
from playwright.sync_api import Browser, Page

from kiblat.migrations.runner import upgrade_control_plane
from kiblat.modules.mesra.services import schools
from kiblat.platform.core.app import create_app
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.regions.sync import sync_regions
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry
from tests.identity.helpers import enrol_two_factor
from tests.live_server import ARTIFACTS, needs_chromium, serving
from tests.modules.mesra.helpers import first_kecamatan

PHONE, DESKTOP = {"width": 390, "height": 800}, {"width": 1280, "height": 900}
PASSWORD = "kata-sandi-uji-123"
SECRETS: dict[str, str] = {}
STORY = "Saya diejek dan didorong teman sekelas setiap jam istirahat di dekat kantin."

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    app = create_app({"KIBLAT_ENV": "test", "KIBLAT_BASE_DOMAIN": "localhost",
                      "KIBLAT_INSTANCE_PATH": str(tmp_path_factory.mktemp("mesra-browser"))})
    with app.app_context():
        upgrade_control_plane()
        sync_regions()
        provision_tenant("12.75", slug="binjai", modules=["mesra"])
        with tenant_context(tenant_registry().by_slug("binjai")):
            for who, role in (("tppk", "tppk"), ("satgas", "satgas_ppksp"), ("kustodian", "kustodian_mesra"),
                              ("tppk2", "tppk")):
                user = create_user(name=f"{who.title()} Binjai", role=role, email=f"{who}@binjai.example.id",
                                   password=PASSWORD)
                SECRETS[who] = enrol_two_factor(user)
            school = schools.add_school("10200001", "SD Negeri 020255 Binjai", "sd", "negeri", first_kecamatan())
            schools.set_team(school, "421/7/TPPK/2026", date(2026, 1, 5), date(2028, 1, 5))
            schools.add_member(school, "Bu Rahma", "guru", True, "tppk@binjai.example.id")
            schools.add_member(school, "Pak Dedi", "guru", False, "tppk2@binjai.example.id")
            schools.add_member(school, "Ibu Sari", "komite")
            schools.add_satgas("Pak Anwar", "Dinas Pendidikan", "satgas@binjai.example.id")
            tenant_db.session.commit()
    with serving(app) as port:
        yield f"http://binjai.localhost:{port}"


def fresh(browser: Browser, viewport: dict) -> Page:
    page = browser.new_context(viewport=viewport).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors  # type: ignore[attr-defined]
    return page


def signed_in(browser: Browser, origin: str, who: str, viewport: dict) -> Page:
    page = fresh(browser, viewport)
    page.goto(origin + "/masuk")
    page.fill("#identifier", f"{who}@binjai.example.id")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/masuk/kode**")
    page.fill("#code", pyotp.TOTP(SECRETS[who]).now())
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    return page


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"mesra-{name}.png"), full_page=True)


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"] + 1


def test_student_reports_tppk_escalates_satgas_closes(browser: Browser, origin: str) -> None:
    student = fresh(browser, PHONE)
    student.goto(origin + "/mesra/")
    student.click("text=Buat laporan")
    student.select_option("#school", index=1)
    student.select_option("#violence_form", "perundungan")
    student.fill("#what", STORY)
    student.fill("#when", "Setiap hari, jam istirahat")
    student.select_option("#accused", "murid")
    student.select_option("#relation", "korban")
    no_sideways_scroll(student)
    shot(student, "1-murid-lapor")
    student.click("text=Kirim laporan")
    code = student.inner_text("#receipt-code").replace(" ", "")
    assert len(code) == 16 and code.isdigit()
    no_sideways_scroll(student)
    shot(student, "2-murid-kode")

    tppk = signed_in(browser, origin, "tppk", DESKTOP)
    tppk.goto(origin + "/mesra/kasus")
    tppk.click("table a")
    assert STORY in tppk.inner_text("#content")
    tppk.fill("#body", "Terima kasih sudah melapor. Di kelas berapa kamu belajar?")
    tppk.click("main form button:has-text('Kirim')")
    shot(tppk, "3-tppk-bertanya")

    student.goto(origin + "/mesra/")
    student.fill("#code", code)
    student.click("text=Lihat laporan saya")
    assert "Di kelas berapa kamu belajar?" in student.inner_text("main")
    student.fill("#body", "Kelas 5B, Bu.")
    student.click("main form button:has-text('Kirim')")
    assert "Pesan Anda sudah terkirim." in student.inner_text(".flashes")
    no_sideways_scroll(student)
    shot(student, "4-murid-menjawab")

    tppk.reload()
    assert "Kelas 5B, Bu." in tppk.inner_text("main")
    tppk.click("#escalate")
    assert "dilimpahkan" in tppk.inner_text(".flashes")

    satgas = signed_in(browser, origin, "satgas", PHONE)
    satgas.goto(origin + "/mesra/kasus")
    satgas.click("table a")
    assert "Dilimpahkan TPPK ke Satgas" in satgas.inner_text("main")
    satgas.click("text=Lanjut ke tahap berikutnya")
    assert "Pemeriksaan" in satgas.inner_text("#stage")
    satgas.select_option("#recovery", "konseling")
    satgas.select_option("#sanction", "ringan")
    satgas.fill("#note", "Pelaku dibina wali kelas; korban didampingi guru BK.")
    no_sideways_scroll(satgas)
    shot(satgas, "5-satgas-menutup")
    satgas.click("#close")
    assert "Selesai" in satgas.inner_text("#stage")
    shot(satgas, "6-satgas-selesai")

    student.goto(origin + "/mesra/")
    student.fill("#code", code)
    student.click("text=Lihat laporan saya")
    assert "Selesai" in student.inner_text("#stage")
    assert "Laporan ini sudah selesai ditangani." in student.inner_text("main")
    student.goto(origin + "/mesra/statistik")
    assert "< 5" in student.inner_text("#total")
    no_sideways_scroll(student)
    assert student.locator("svg circle").count() == 2  # the school on both maps (TPPK, SRA), at its kecamatan's middle
    shot(student, "7-statistik")
    for page in (student, tppk, satgas):
        assert page.errors == []  # type: ignore[attr-defined]


def test_tppk_asks_for_the_reporter_identity_and_the_custodian_approves(browser: Browser, origin: str) -> None:
    reporter = fresh(browser, PHONE)
    reporter.goto(origin + "/mesra/lapor")
    reporter.select_option("#school", index=1)
    reporter.select_option("#violence_form", "psikis")
    reporter.fill("#what", "Anak saya diancam melalui pesan oleh seorang guru.")
    reporter.fill("#name", "Ibu Lestari")
    reporter.fill("#contact", "081377770000")
    reporter.click("text=Kirim laporan")
    assert len(reporter.inner_text("#receipt-code").replace(" ", "")) == 16

    # A second TPPK member (one-time codes cannot be reused within the first journey's window).
    tppk = signed_in(browser, origin, "tppk2", PHONE)
    tppk.goto(origin + "/mesra/kasus")
    tppk.click("table a >> nth=-1")
    assert "Ibu Lestari" not in tppk.inner_text("main")
    tppk.click("#identity-link")
    tppk.fill("#reason", "Orang tua korban perlu dihubungi untuk jadwal pemeriksaan bersama sekolah.")
    tppk.click("main form button[type=submit]")
    assert "Menunggu kustodian" in tppk.inner_text("main") and "Ibu Lestari" not in tppk.inner_text("main")
    no_sideways_scroll(tppk)
    shot(tppk, "8-tppk-minta-identitas")

    custodian = signed_in(browser, origin, "kustodian", PHONE)
    custodian.goto(origin + "/mesra/")
    custodian.click("text=Permintaan membuka identitas pelapor")
    assert "jadwal pemeriksaan" in custodian.inner_text("main")
    assert "diancam" not in custodian.inner_text("main")
    custodian.fill("main textarea", "Disetujui untuk pemeriksaan.")
    no_sideways_scroll(custodian)
    shot(custodian, "9-kustodian")
    custodian.click("main button[value=approve]")
    assert "disetujui" in custodian.inner_text(".flashes")

    tppk.reload()
    assert "Ibu Lestari" in tppk.inner_text("#identity") and "081377770000" in tppk.inner_text("#identity")
    no_sideways_scroll(tppk)
    shot(tppk, "10-tppk-identitas")
    for page in (reporter, tppk, custodian):
        assert page.errors == []  # type: ignore[attr-defined]
