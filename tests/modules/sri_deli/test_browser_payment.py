"""At 360 px: a billboard permit applied for, approved, paid (the treasurer confirms the
retribusi), then the signed PDF downloaded and its PAdES signature validated, and the citizen
rates the service on the SKM survey (the nine elements). Screenshots go to tests/artifacts/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from kiblat.migrations.runner import upgrade_control_plane
from kiblat.platform.core.app import create_app
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.identity.models import Opd
from kiblat.platform.regions.sync import sync_regions
from kiblat.platform.survey.models import SurveyResponse
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry
from tests.files import real_pdf
from tests.identity.helpers import PASSWORD, enrol_two_factor
from tests.live_server import ARTIFACTS, needs_chromium, serving, shot, sign_in
from tests.signed_pdfs import regency_root, signature_status, text_of

NARROW = {"width": 360, "height": 740}
pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]
SLUG = "binjai"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, dict, Path, object]]:
    app = create_app({"KIBLAT_ENV": "test", "KIBLAT_BASE_DOMAIN": "localhost",
                      "KIBLAT_INSTANCE_PATH": str(tmp_path_factory.mktemp("sri-deli-payment"))})
    secrets: dict[str, str] = {}
    with app.app_context():
        upgrade_control_plane()
        sync_regions()
        provision_tenant("12.75", slug=SLUG, modules=["sri_deli"])
        with tenant_context(tenant_registry().by_slug(SLUG)):
            session = tenant_db.session
            opd = Opd(name="Dinas Penanaman Modal dan PTSP", short_name="DPMPTSP")
            session.add(opd)
            session.flush()
            pejabat = create_user(name="Ir. Rahmat Hidayat", role="officer", opd_id=opd.id,
                                  email="pejabat@binjai.example.id", password=PASSWORD,
                                  extra_roles=("petugas_loket", "verifikator_izin", "penandatangan_izin"))
            secrets["pejabat"] = enrol_two_factor(pejabat)
            bendahara = create_user(name="Sri Wahyuni", role="bendahara_penerimaan",
                                    email="bendahara@binjai.example.id", password=PASSWORD)
            secrets["bendahara"] = enrol_two_factor(bendahara)
            create_user(name="Rina Sembiring", role="citizen", email="rina@binjai.example.id", password=PASSWORD)
            session.commit()
    with serving(app) as port:
        yield port, secrets, tmp_path_factory.mktemp("files"), app


def _sign_in(browser: Browser, origin: str, email: str, secret: str | None = None) -> Page:
    page = browser.new_context(viewport=NARROW, accept_downloads=True).new_page()
    return sign_in(page, origin, email, PASSWORD, totp_secret=secret)


def _fits(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_billboard_permit_paid_then_signed_pdf_at_360px(served, browser: Browser) -> None:
    port, secrets, folder, app = served
    origin = f"http://{SLUG}.localhost:{port}"
    document = folder / "dokumen.pdf"
    document.write_bytes(real_pdf("Dokumen pendukung"))

    citizen = _sign_in(browser, origin, "rina@binjai.example.id")
    citizen.goto(origin + "/perizinan/izin/reklame/ajukan")
    citizen.locator("select[name=kecamatan]").select_option(index=1)
    citizen.get_by_role("button", name="Tampilkan desa").click()
    citizen.locator("select[name=desa]").select_option(index=0)
    citizen.locator("input[name=nama]").fill("Rina Sembiring")
    citizen.locator("input[name=nik]").fill("1275014507880003")
    citizen.locator("input[name=alamat]").fill("Jl. Gatot Subroto No. 12")
    citizen.locator("input[name=luas_reklame]").fill("2")
    citizen.locator("input[name=lama_hari]").fill("30")
    citizen.locator("input[name=lokasi]").fill("Simpang Jl. Sudirman")
    for key in ("ktp", "desain", "denah", "izin_pemilik"):
        citizen.locator(f"input[name=dok_{key}]").set_input_files(str(document))
    citizen.get_by_role("button", name="Kirim permohonan").click()
    number = citizen.locator("#nomor").inner_text()
    shot(citizen, "sri-deli-bayar-01-bukti-pendaftaran")

    pejabat = _sign_in(browser, origin, "pejabat@binjai.example.id", secrets["pejabat"])
    for _stage in range(3):
        pejabat.goto(origin + "/perizinan/petugas")
        pejabat.get_by_role("link", name=number).click()
        pejabat.locator("button[value=terima]").first.click()
        pejabat.wait_for_load_state()

    citizen.goto(origin + "/perizinan/saya")
    citizen.get_by_role("link", name=number).click()
    code = citizen.locator("#kode-bayar").inner_text()
    assert "Rp150.000" in citizen.locator("#tagihan").inner_text()
    assert citizen.locator("#unduh").count() == 0  # not issued before payment
    assert _fits(citizen)
    shot(citizen, "sri-deli-bayar-02-warga-tagihan")

    bendahara = _sign_in(browser, origin, "bendahara@binjai.example.id", secrets["bendahara"])
    bendahara.goto(origin + "/perizinan/bendahara")
    bendahara.locator("input[name=kode]").fill(code)
    bendahara.get_by_role("button", name="Cari").click()
    bendahara.locator("#found a").click()
    with app.app_context(), tenant_context(tenant_registry().by_slug(SLUG)):
        from kiblat.modules.sri_deli.services import payments

        today = payments.local_day(datetime.now(UTC)).isoformat()
    bendahara.locator("input[name=tanggal]").fill(today)
    bendahara.locator("input[name=referensi]").fill("BSU-20261202-0042")
    assert _fits(bendahara)
    shot(bendahara, "sri-deli-bayar-03-bendahara-konfirmasi")
    bendahara.locator("#konfirmasi").click()
    bendahara.wait_for_load_state()
    assert "terbit" in bendahara.content()
    bendahara.goto(origin + "/perizinan/bendahara/penerimaan")
    assert "Rp150.000" in bendahara.locator("#total").inner_text()
    assert _fits(bendahara)
    shot(bendahara, "sri-deli-bayar-04-laporan-penerimaan")

    citizen.reload()
    assert "Retribusi lunas" in citizen.content()
    with citizen.expect_download() as download_info:
        citizen.locator("#unduh").click()
    pdf_path = folder / "izin.pdf"
    download_info.value.save_as(pdf_path)
    data = pdf_path.read_bytes()
    with app.app_context(), tenant_context(tenant_registry().by_slug(SLUG)):
        root = regency_root()
    # pyHanko's validator runs its own event loop: not in Playwright's thread.
    with ThreadPoolExecutor(1) as pool:
        status = pool.submit(signature_status, data, root).result()
    assert status.intact and status.valid and status.trusted
    text = text_of(data)
    assert "lunas" in text and code in text and "BSU-20261202-0042" in text
    url = re.search(r"http://binjai\.localhost:\d+/perizinan/verifikasi/[A-Za-z0-9_-]+", text)
    assert url, text
    citizen.goto(url.group(0))
    assert "SAH dan BERLAKU" in citizen.locator("#state").inner_text()
    assert "Ir. Rahmat Hidayat" in citizen.locator("#signer").inner_text()
    assert _fits(citizen)
    shot(citizen, "sri-deli-bayar-05-verifikasi")
    (ARTIFACTS / "sri-deli-bayar-izin.pdf").write_bytes(data)
    with app.app_context(), tenant_context(tenant_registry().by_slug(SLUG)):
        assert tenant_db.session.scalar(select(Opd.id)) is not None

    # The issued permit is a completed service: the citizen rates it on the SKM survey.
    citizen.goto(origin + "/akun")
    citizen.get_by_role("link", name="Nilai layanan yang sudah selesai").click()
    # count() does not wait for the page the click opened; expect() does.
    expect(citizen.locator("ul.cards li.card")).to_have_count(1)  # the one permit, issued once paid
    assert _fits(citizen)
    shot(citizen, "sri-deli-bayar-06-layanan-selesai")
    citizen.get_by_role("link", name="Beri penilaian").first.click()
    answers = ("Sesuai", "Sangat mudah", "Cepat", "Murah", "Sangat sesuai", "Kompeten", "Sangat sopan dan ramah",
               "Dikelola dengan baik", "Sangat baik")
    elements = citizen.locator("fieldset.skm-element")
    expect(elements).to_have_count(len(answers))  # all() does not wait for the page the click opened
    for fieldset, answer in zip(elements.all(), answers, strict=True):
        fieldset.get_by_label(answer, exact=True).check()
    citizen.get_by_label("Saran atau masukan (boleh dikosongkan)").fill("Bayar retribusi di bank lancar.")
    assert _fits(citizen)
    shot(citizen, "sri-deli-bayar-07-survei")
    citizen.get_by_role("button", name="Kirim penilaian").click()
    expect(citizen.locator("body")).to_contain_text("Terima kasih! Penilaian Anda")
    assert _fits(citizen)
    shot(citizen, "sri-deli-bayar-08-survei-terkirim")
    with app.app_context(), tenant_context(tenant_registry().by_slug(SLUG)):
        rated = tenant_db.session.scalar(select(SurveyResponse))
        scores = [getattr(rated, f"u{n}") for n in range(1, 10)]
        assert rated.module_key == "sri_deli" and rated.ref.startswith("izin-")
        assert scores == [3, 4, 3, 3, 4, 3, 4, 4, 4]
        assert rated.suggestion == "Bayar retribusi di bank lancar."
