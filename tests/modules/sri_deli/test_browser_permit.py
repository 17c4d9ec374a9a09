"""A citizen of Binjai gets a permit and an IUMK in a real Chromium, end to end.

Officers take the permit through every stage (with one revision round), the citizen
downloads the PDF, and the URL printed beside its QR code verifies it. Deli Serdang's
officer, signed in on their own regency, sees none of it. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from kiblat.migrations.runner import upgrade_control_plane
from kiblat.platform.core.app import create_app
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.identity.models import Opd
from kiblat.platform.regions.sync import sync_regions
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa
from kiblat.tenants.registry import tenant_registry
from tests.files import pdf_then_html, real_pdf
from tests.identity.helpers import PASSWORD, enrol_two_factor
from tests.live_server import needs_chromium, serving, shot, sign_in

PHONE = {"width": 375, "height": 740}
pytestmark = [pytest.mark.browser, pytest.mark.slow,
              needs_chromium]


def _sample_files(folder: Path) -> tuple[Path, Path, Path]:
    import segno

    ktp = folder / "ktp.pdf"
    ktp.write_bytes(real_pdf("KTP - Rina Sembiring"))
    png = folder / "susunan-acara.png"
    segno.make("Susunan acara pesta adat").save(str(png), scale=4)
    fake = folder / "izin-tempat.pdf"
    fake.write_bytes(pdf_then_html())  # "%PDF-1.4" followed by a script: not a document
    return ktp, png, fake


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, dict, Path]]:
    app = create_app({"KIBLAT_ENV": "test", "KIBLAT_BASE_DOMAIN": "localhost",
                      "KIBLAT_INSTANCE_PATH": str(tmp_path_factory.mktemp("sri-deli-browser"))})
    secrets: dict[str, str] = {}
    with app.app_context():
        upgrade_control_plane()
        sync_regions()
        for code, slug in (("12.75", "binjai"), ("12.07", "deliserdang")):
            provision_tenant(code, slug=slug, modules=["sri_deli", "jus_melon"])
            with tenant_context(tenant_registry().by_slug(slug)):
                session = tenant_db.session
                kesbang = Opd(name="Badan Kesatuan Bangsa dan Politik", short_name="KESBANGPOL")
                camat = Opd(name="Kantor Camat", short_name="KEC")
                session.add_all([kesbang, camat])
                session.flush()
                desa = session.scalar(select(Desa).order_by(Desa.code))
                staff = {"loket": ("petugas_loket",), "verifikator": ("verifikator_izin",),
                         "pejabat": ("penandatangan_izin",)}
                for name, roles in staff.items():
                    user = create_user(name=f"{name.title()} {slug}", role="officer", opd_id=kesbang.id,
                                       email=f"{name}@{slug}.example.id", password=PASSWORD, extra_roles=roles)
                    secrets[f"{slug}:{name}"] = enrol_two_factor(user)
                user = create_user(name=f"Camat {slug}", role="officer", opd_id=camat.id, desa_code=desa.code,
                                   email=f"camat@{slug}.example.id", password=PASSWORD,
                                   extra_roles=("petugas_iumk",))
                secrets[f"{slug}:camat"] = enrol_two_factor(user)
                secrets[f"{slug}:camat_desa"] = desa.code
                create_user(name="Rina Sembiring", role="citizen", email=f"rina@{slug}.example.id",
                            password=PASSWORD)
                session.commit()
    files = tmp_path_factory.mktemp("uploads")
    with serving(app) as port:
        yield port, secrets, files


def _sign_in(browser: Browser, origin: str, email: str, secret: str | None = None) -> Page:
    page = browser.new_context(viewport=PHONE, accept_downloads=True).new_page()
    return sign_in(page, origin, email, PASSWORD, totp_secret=secret)


def _officer_acts(page: Page, origin: str, number: str, action: str, note: str = "") -> None:
    page.goto(origin + "/perizinan/petugas")
    page.get_by_role("link", name=number).click()
    form = page.locator("form").filter(has=page.locator(f"button[value={action}]"))
    if note:
        form.locator("textarea").fill(note)
    form.locator(f"button[value={action}]").click()
    page.wait_for_load_state()


def test_citizen_gets_permit_and_iumk_in_binjai(served, browser: Browser) -> None:
    port, secrets, folder = served
    binjai, deli = f"http://binjai.localhost:{port}", f"http://deliserdang.localhost:{port}"
    ktp, png, fake = _sample_files(folder)
    citizen = _sign_in(browser, binjai, "rina@binjai.example.id")
    errors: list[str] = []
    citizen.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    # Fee page and form, no JavaScript needed: kecamatan first, then desa.
    citizen.goto(binjai + "/perizinan/izin/keramaian/ajukan")
    citizen.locator("select[name=kecamatan]").select_option(index=1)
    citizen.get_by_role("button", name="Tampilkan desa").click()
    citizen.locator("select[name=desa]").select_option(index=0)
    citizen.locator("input[name=nama]").fill("Rina Sembiring")
    citizen.locator("input[name=nik]").fill("1275014507880003")
    citizen.locator("input[name=alamat]").fill("Jl. Gatot Subroto No. 12")
    citizen.locator("input[name=nama_acara]").fill("Pesta adat pernikahan")
    citizen.locator("input[name=tanggal_acara]").fill("2026-12-20")
    citizen.locator("input[name=jumlah_peserta]").fill("300")
    citizen.locator("input[name=dok_ktp]").set_input_files(str(ktp))
    citizen.locator("input[name=dok_susunan_acara]").set_input_files(str(png))
    citizen.locator("input[name=dok_izin_tempat]").set_input_files(str(fake))
    citizen.get_by_role("button", name="Kirim permohonan").click()
    assert "Berkas rusak atau tidak lengkap" in citizen.locator(".flashes").inner_text()
    assert citizen.locator("input[name=nama_acara]").input_value() == "Pesta adat pernikahan"
    # The two good files are kept on the server: only the refused one is chosen again.
    kept = citizen.locator(".held-file").all_inner_texts()
    assert kept == ["Sudah diunggah: ktp.pdf", "Sudah diunggah: susunan-acara.png"], kept
    shot(citizen, "sri-deli-01-berkas-palsu-ditolak")
    citizen.locator("input[name=dok_izin_tempat]").set_input_files(str(ktp))
    citizen.get_by_role("button", name="Kirim permohonan").click()
    number = citizen.locator("#nomor").inner_text()
    code = citizen.locator("#kode").inner_text()
    shot(citizen, "sri-deli-02-bukti-pendaftaran")

    # Deli Serdang's officer sees nothing of it.
    deli_officer = _sign_in(browser, deli, "loket@deliserdang.example.id", secrets["deliserdang:loket"])
    deli_officer.goto(deli + "/perizinan/petugas")
    assert number not in deli_officer.content()
    shot(deli_officer, "sri-deli-03-deliserdang-antrean-kosong")

    loket = _sign_in(browser, binjai, "loket@binjai.example.id", secrets["binjai:loket"])
    _officer_acts(loket, binjai, number, "kembalikan", "Susunan acara belum mencantumkan jam selesai")
    assert "perbaikan" in loket.locator("#status").inner_text()
    citizen.goto(binjai + "/perizinan/saya")
    citizen.get_by_role("link", name=number).click()
    expect(citizen.locator("body")).to_contain_text("Susunan acara belum mencantumkan jam selesai")
    shot(citizen, "sri-deli-04-warga-diminta-perbaikan")
    citizen.locator("textarea[name=catatan]").fill("Acara selesai pukul 17.00")
    citizen.locator("input[name=dok_susunan_acara]").set_input_files(str(ktp))  # a corrected PDF
    citizen.get_by_role("button", name="Kirim perbaikan").click()
    _officer_acts(loket, binjai, number, "terima")
    verifikator = _sign_in(browser, binjai, "verifikator@binjai.example.id", secrets["binjai:verifikator"])
    _officer_acts(verifikator, binjai, number, "terima", "Lokasi sesuai, akses jalan cukup")
    pejabat = _sign_in(browser, binjai, "pejabat@binjai.example.id", secrets["binjai:pejabat"])
    _officer_acts(pejabat, binjai, number, "terima", "Disetujui")
    assert "disetujui" in pejabat.locator("#status").inner_text().lower()
    shot(pejabat, "sri-deli-05-petugas-riwayat")

    citizen.reload()
    history = citizen.locator("ol.list").inner_text()
    for step in ("Diajukan", "Dikembalikan untuk perbaikan", "Perbaikan dikirim", "Tahap selesai", "Disetujui"):
        assert step in history
    shot(citizen, "sri-deli-06-warga-riwayat-disetujui")
    with citizen.expect_download() as download_info:
        citizen.locator("#unduh").click()
    pdf_path = folder / "izin.pdf"
    download_info.value.save_as(pdf_path)
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_path.read_bytes())).pages)
    # The printed address may wrap onto a second line beside the QR code.
    url = re.search(r"(http://binjai\.localhost:\d+/perizinan/verifikasi/[A-Za-z0-9_-]+)$(?:\n([A-Za-z0-9_-]+)$)?",
                    text, re.M)
    assert url, text
    citizen.goto(url.group(1) + (url.group(2) or ""))
    assert "SAH dan BERLAKU" in citizen.locator("#state").inner_text()
    shot(citizen, "sri-deli-07-verifikasi-sah")

    # Public tracking with a wrong code reveals nothing; the right one shows the steps.
    citizen.goto(binjai + "/perizinan/lacak")
    citizen.locator("input[name=nomor]").fill(number)
    citizen.locator("input[name=kode]").fill("SALAH123")
    citizen.get_by_role("button", name="Lacak").click()
    expect(citizen.locator("body")).to_contain_text("tidak cocok")
    assert "Pesta adat" not in citizen.content()
    citizen.locator("input[name=kode]").fill(code)
    citizen.get_by_role("button", name="Lacak").click()
    expect(citizen.locator("body")).not_to_contain_text("tidak cocok")  # the answer to the right code
    expect(citizen.locator("body")).to_contain_text("Rekomendasi Izin Keramaian")
    assert "Rina" not in citizen.locator("main").inner_text()
    shot(citizen, "sri-deli-08-lacak")

    # IUMK: register, the camat's officer checks it, same-day certificate.
    desa = secrets["binjai:camat_desa"]
    citizen.goto(binjai + "/iumk/ajukan")
    citizen.locator("select[name=kecamatan]").select_option(desa.rsplit(".", 1)[0])
    citizen.get_by_role("button", name="Tampilkan desa").click()
    citizen.locator("select[name=desa]").select_option(desa)
    citizen.locator("input[name=nik]").fill("1275014507880003")
    citizen.locator("input[name=nama_usaha]").fill("Rambutan Binjai Manis")
    citizen.locator("select[name=kegiatan]").select_option(index=1)
    citizen.locator("input[name=alamat]").fill("Jl. Soekarno-Hatta 5")
    citizen.locator("input[name=foto]").set_input_files(str(png))
    citizen.locator("input[name=tampilkan]").check()
    citizen.get_by_role("button", name="Kirim pendaftaran").click()
    iumk_number = citizen.locator("#nomor").inner_text()
    camat = _sign_in(browser, binjai, "camat@binjai.example.id", secrets["binjai:camat"])
    camat.goto(binjai + "/iumk/petugas")
    camat.get_by_role("link", name="Rambutan Binjai Manis").click()
    camat.get_by_role("button", name="Terbitkan IUMK").click()
    assert "terbit" in camat.locator("#status").inner_text()
    citizen.goto(binjai + "/iumk/saya")
    assert iumk_number in citizen.content()
    with citizen.expect_download() as iumk_download:
        citizen.get_by_role("link", name="Unduh IUMK (PDF)").click()
    assert iumk_download.value.suggested_filename.endswith(".pdf")
    shot(citizen, "sri-deli-09-iumk-terbit")
    citizen.goto(binjai + "/iumk/?q=rambutan")
    assert "Rambutan Binjai Manis" in citizen.content()
    deli_officer.goto(deli + "/iumk/?q=rambutan")
    assert "Rambutan Binjai Manis" not in deli_officer.content()
    # The refused upload (400) and the wrong tracking code (404) answer with error statuses on
    # purpose; anything else (a CSP violation, a script error) is a failure.
    expected = ("status of 400 (BAD REQUEST)", "status of 404 (NOT FOUND)")
    assert sorted(e.split("with a ")[-1] for e in errors) == sorted(expected), errors
