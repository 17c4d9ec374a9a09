"""At 390 px: a citizen registers with explicit consent, a permit is issued to them, they rate
the service on the nine SKM elements, the admin reads the IKM, and the citizen downloads their
data. Screenshots (390 px, and 1280 px of the admin's report) go to tests/artifacts/."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from kiblat.migrations.runner import upgrade_control_plane
from kiblat.platform.core.app import create_app
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.identity.models import User
from kiblat.platform.regions.sync import sync_regions
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry
from tests.identity.helpers import PASSWORD, enrol_two_factor
from tests.live_server import needs_chromium, serving, shot
from tests.survey.helpers import issued_permit

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]
SLUG = "binjai"
CITIZEN_PASSWORD = "durian-binjai-2026"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, dict, object]]:
    app = create_app({"KIBLAT_ENV": "test", "KIBLAT_BASE_DOMAIN": "localhost",
                      "KIBLAT_INSTANCE_PATH": str(tmp_path_factory.mktemp("privacy-survey"))})
    secrets: dict[str, str] = {}
    with app.app_context():
        upgrade_control_plane()
        sync_regions()
        provision_tenant("12.75", slug=SLUG, modules=["sri_deli"])
        with tenant_context(tenant_registry().by_slug(SLUG)):
            admin = create_user(name="Admin Binjai", role="admin", email="admin@binjai.example.id", password=PASSWORD)
            secrets["admin"] = enrol_two_factor(admin)
            tenant_db.session.commit()
    with serving(app) as port:
        yield port, secrets, app


def _fits(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_register_with_consent_rate_a_service_admin_reads_ikm_download_my_data(served, browser: Browser) -> None:
    port, secrets, app = served
    origin = f"http://{SLUG}.localhost:{port}"

    citizen = browser.new_context(viewport=PHONE, accept_downloads=True).new_page()
    citizen.goto(origin + "/daftar")
    citizen.get_by_label("Nama lengkap").fill("Rina Sembiring")
    citizen.get_by_label("Email").fill("rina@binjai.example.id")
    citizen.get_by_label("Kata sandi", exact=True).fill(CITIZEN_PASSWORD)
    citizen.get_by_label("Ulangi kata sandi").fill(CITIZEN_PASSWORD)
    citizen.get_by_role("button", name="Daftar").click()
    # Without the tick: refused, nothing typed is lost.
    expect(citizen.locator("body")).to_contain_text("centang persetujuan untuk mendaftar")
    assert citizen.get_by_label("Nama lengkap").input_value() == "Rina Sembiring"
    assert _fits(citizen)
    shot(citizen, "privasi-skm-01-daftar-tanpa-persetujuan")
    citizen.get_by_label("Kata sandi", exact=True).fill(CITIZEN_PASSWORD)
    citizen.get_by_label("Ulangi kata sandi").fill(CITIZEN_PASSWORD)
    citizen.get_by_label(re.compile("Saya sudah membaca pemberitahuan privasi")).check()
    citizen.get_by_role("button", name="Daftar").click()
    citizen.wait_for_url(re.compile(r"/akun$"))

    citizen.goto(origin + "/privasi")
    assert "Undang-Undang Nomor 27 Tahun 2022" in citizen.content()
    assert _fits(citizen)
    shot(citizen, "privasi-skm-02-pemberitahuan-privasi")

    # The permit flow itself is tested in Sri Deli's journeys: here the officer's part is done
    # through its services, so the citizen has a completed service to rate.
    with app.app_context(), tenant_context(tenant_registry().by_slug(SLUG)):
        user = tenant_db.session.scalar(select(User).where(User.email == "rina@binjai.example.id"))
        issued_permit(user, name="Rina Sembiring", email="rina@binjai.example.id")

    citizen.goto(origin + "/akun")
    citizen.get_by_role("link", name="Nilai layanan yang sudah selesai").click()
    citizen.get_by_role("link", name="Beri penilaian").first.click()
    answers = ("Sangat sesuai", "Mudah", "Cepat", "Gratis", "Sesuai", "Sangat kompeten", "Sangat sopan dan ramah",
               "Berfungsi kurang maksimal", "Baik")
    elements = citizen.locator("fieldset.skm-element")
    expect(elements).to_have_count(len(answers))  # all() does not wait for the page the click opened
    for fieldset, answer in zip(elements.all(), answers, strict=True):
        fieldset.get_by_label(answer, exact=True).check()
    citizen.get_by_label("Saran atau masukan (boleh dikosongkan)").fill("Petugas ramah, proses cepat.")
    assert _fits(citizen)
    shot(citizen, "privasi-skm-03-survei")
    citizen.get_by_role("button", name="Kirim penilaian").click()
    expect(citizen.locator("body")).to_contain_text("Terima kasih! Penilaian Anda")
    shot(citizen, "privasi-skm-04-survei-terkirim")

    admin = browser.new_context(viewport=PHONE).new_page()
    admin.goto(origin + "/masuk")
    admin.get_by_label("Email atau nomor telepon").fill("admin@binjai.example.id")
    admin.get_by_label("Kata sandi").fill(PASSWORD)
    admin.get_by_role("button", name="Masuk").click()
    admin.wait_for_url(re.compile(r"/masuk/kode"))
    admin.get_by_label("Kode 6 angka dari aplikasi autentikator").fill(pyotp.TOTP(secrets["admin"]).now())
    admin.get_by_role("button", name="Lanjutkan").click()
    admin.wait_for_load_state()
    admin.goto(origin + "/admin")
    admin.get_by_role("link", name="Indeks Kepuasan Masyarakat").click()
    # Answers 4, 3, 3, 4, 3, 4, 4, 3, 3 = 31 → 31/9 × 25 = 86,11: mutu B (76,61–88,30).
    summary = admin.locator(".ikm-summary").inner_text()
    assert "86,11" in summary and "Mutu B (Baik)" in summary
    assert admin.locator(".ikm-chart svg").count() == 3
    assert "Petugas ramah, proses cepat." in admin.content()
    assert _fits(admin)
    shot(admin, "privasi-skm-05-ikm-390")
    admin.set_viewport_size(DESKTOP)
    shot(admin, "privasi-skm-06-ikm-1280")

    citizen.goto(origin + "/akun/data-saya")
    assert _fits(citizen)
    shot(citizen, "privasi-skm-07-data-saya")
    with citizen.expect_download() as download_info:
        citizen.get_by_role("link", name="Unduh data (JSON)").click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["platform"]["akun"]["email"] == "rina@binjai.example.id"
    assert data["platform"]["persetujuan_privasi"][0]["versi"] == 1
    assert data["platform"]["survei_kepuasan"][0]["saran"] == "Petugas ramah, proses cepat."
    assert data["layanan"]["sri_deli"]["data"]["permohonan"][0]["pemohon"] == "Rina Sembiring"
    citizen.set_viewport_size(DESKTOP)
    shot(citizen, "privasi-skm-08-data-saya-1280")

    # The admin publishes the regency's notice; the signed-in citizen is asked to accept it.
    admin.set_viewport_size(PHONE)
    admin.goto(origin + "/admin/privasi")
    admin.get_by_label("Alamat pengendali data").fill("Jl. Jenderal Sudirman No. 6, Binjai")
    admin.get_by_label("Nama pejabat pelindungan data pribadi").fill("Dra. Nurhayati Lubis")
    admin.get_by_label("Email pejabat pelindungan data pribadi").fill("ppdp@binjaikota.go.id")
    admin.get_by_label(re.compile("Apa yang berubah")).fill("Pejabat pelindungan data pribadi sudah ditetapkan.")
    assert _fits(admin)
    shot(admin, "privasi-skm-09-admin-pemberitahuan")
    admin.get_by_role("button", name="Terbitkan versi baru").click()
    expect(admin.locator("body")).to_contain_text("versi 2 diterbitkan")

    citizen.set_viewport_size(PHONE)
    citizen.goto(origin + "/akun")
    citizen.get_by_role("link", name="Baca dan setujui").click()
    expect(citizen.locator("body")).to_contain_text("Dra. Nurhayati Lubis")
    assert "Anda menyetujui versi 1" in citizen.content()
    assert _fits(citizen)
    shot(citizen, "privasi-skm-10-setujui-versi-baru")
    citizen.get_by_role("button", name="Saya sudah membaca dan menyetujui").click()
    expect(citizen.get_by_role("link", name="Baca dan setujui")).to_have_count(0)

    # The citizen asks for deletion; the admin carries it out and reads what was kept.
    citizen.goto(origin + "/akun/data-saya")
    citizen.get_by_label("Alasan (boleh dikosongkan)").fill("Pindah ke luar kota.")
    citizen.get_by_label(re.compile("Saya mengerti bahwa akun saya")).check()
    citizen.get_by_role("button", name="Minta penghapusan data").click()
    expect(citizen.locator("body")).to_contain_text("sedang menunggu diproses")
    shot(citizen, "privasi-skm-11-penghapusan-diminta")
    admin.goto(origin + "/admin/privasi/penghapusan")
    assert "Pindah ke luar kota." in admin.content()
    assert _fits(admin)
    shot(admin, "privasi-skm-12-admin-permintaan")
    admin.get_by_role("button", name="Hapus data warga ini").click()
    expect(admin.locator("body")).to_contain_text("Data warga sudah dihapus atau disamarkan.")
    report = admin.content()
    assert "Data warga sudah dihapus atau disamarkan." in report and "permohonan izin yang terbit" in report
    assert _fits(admin)
    shot(admin, "privasi-skm-13-admin-penghapusan-selesai")
    admin.set_viewport_size(DESKTOP)
    shot(admin, "privasi-skm-14-admin-penghapusan-selesai-1280")
    citizen.goto(origin + "/akun")
    assert "/masuk" in citizen.url  # the erased account's session has ended
