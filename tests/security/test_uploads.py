"""The platform's one upload check and one download answer, fed hostile files and names, and
used by the onboarding wizard (letter, logo), the staff's letter download, invoices and logos."""

from __future__ import annotations

import io
from urllib.parse import unquote

import pytest
from flask import Flask
from PIL import Image
from werkzeug.http import parse_options_header

from kiblat.platform.core.extensions import db
from kiblat.platform.onboarding import files, wizard
from kiblat.platform.onboarding.errors import OnboardingError
from kiblat.platform.uploads import (
    DOCUMENT_KINDS,
    LOGO_KINDS,
    PHOTO_KINDS,
    UploadError,
    check_upload,
    safe_display_name,
    send_download,
)
from tests.files import (
    HOSTILE_NAMES,
    SCRIPT,
    image_bytes,
    photo_with_location,
    png_claiming,
    real_pdf,
)
from tests.onboarding.helpers import free_region, make_applicant

HOSTILE_FILES = {
    "PDF header followed by HTML": (b"%PDF-1.4\n" + SCRIPT, "surat.pdf", "corrupt"),
    "HTML named .jpg": (SCRIPT, "foto.jpg", "type"),
    "SVG named .png": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "logo.png", "type"),
    "PNG claiming 30000 x 30000": (png_claiming(30000, 30000), "bom.png", "pixels"),
    "truncated PNG": (image_bytes("PNG", (200, 200))[:-40], "potong.png", "corrupt"),
    "truncated JPEG": (image_bytes("JPEG", (400, 300))[:500], "potong.jpg", "corrupt"),
    "PDF with JavaScript": (real_pdf().replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript "
                                                                 b"/JS (app.alert(1)) >>"), "skrip.pdf", "active"),
    "empty": (b"", "kosong.pdf", "empty"),
    "too large": (b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024), "besar.pdf", "too_large"),
    "GIF where documents are asked": (image_bytes("GIF"), "dokumen.gif", "type"),
}


@pytest.mark.parametrize("case", list(HOSTILE_FILES))
def test_hostile_files_are_refused_with_a_clear_reason(case: str):
    data, name, reason = HOSTILE_FILES[case]
    with pytest.raises(UploadError) as refused:
        check_upload(data, name, kinds=DOCUMENT_KINDS)
    assert refused.value.reason == reason
    assert str(refused.value).strip() and "Traceback" not in str(refused.value)


def test_accepted_images_are_re_encoded_without_metadata_or_appended_bytes():
    photo = photo_with_location()
    assert Image.open(io.BytesIO(photo)).getexif()  # the original carries a location
    checked = check_upload(photo + SCRIPT, "foto rumah.jpeg", kinds=PHOTO_KINDS)
    assert checked.media_type == "image/jpeg" and checked.display_name == "foto rumah.jpg"
    assert b"<script" not in checked.data and b"Kamera Uji" not in checked.data
    stored = Image.open(io.BytesIO(checked.data))
    assert not stored.getexif() and stored.size == (64, 48)
    # The name follows the content: a PNG sent as .jpg is stored and named as PNG.
    png = check_upload(image_bytes("PNG"), "logo.jpg", kinds=LOGO_KINDS)
    assert png.media_type == "image/png" and png.display_name == "logo.png"
    assert check_upload(image_bytes("GIF"), "logo.gif", kinds=LOGO_KINDS).media_type == "image/png"


def test_pixel_and_size_limits_come_from_the_settings_or_the_call(app: Flask, monkeypatch):
    picture = image_bytes("PNG", (100, 100))
    with pytest.raises(UploadError) as refused:
        check_upload(picture, "a.png", kinds=PHOTO_KINDS, max_pixels=9_999)
    assert refused.value.reason == "pixels" and "0.009999 megapiksel" in str(refused.value)
    with app.app_context():
        monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 100)
        with pytest.raises(UploadError, match="Berkas lebih dari"):
            check_upload(picture, "a.png", kinds=PHOTO_KINDS)
    assert check_upload(picture, "a.png", kinds=PHOTO_KINDS).width == 100


def test_pdfs_are_opened_and_cut_at_their_end():
    document = real_pdf()
    checked = check_upload(document + b"\n" + SCRIPT, "surat tugas.PDF")
    assert checked.media_type == "application/pdf" and checked.pages == 1
    assert checked.display_name == "surat tugas.pdf" and b"<script" not in checked.data


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_display_names_are_safe_and_keep_the_content_type(name: str):
    shown = safe_display_name(name, ".pdf")
    assert shown.endswith(".pdf") and len(shown) <= 120
    assert not any(ch in shown for ch in '\r\n"\\/;\u202e')
    assert shown not in (".pdf", "")


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_download_headers_cannot_be_steered_by_the_name(app: Flask, name: str):
    with app.test_request_context():
        response = send_download(b"%PDF-1.4 isi", download_name=safe_display_name(name, ".pdf"),
                                 media_type="application/pdf")
        raw = response.headers["Content-Disposition"]
    raw.encode("latin-1")  # what gunicorn checks: it refused "dokumen–final文.pdf" with a 500
    assert "\r" not in raw and "\n" not in raw
    disposition, options = parse_options_header(raw)
    assert disposition == "attachment"
    assert options["filename"].endswith(".pdf")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    if "文" in name:
        assert unquote(raw.split("filename*=UTF-8''")[1]) == "dokumen–final文.pdf"


def test_only_images_and_pdfs_are_ever_inline(app: Flask):
    with app.test_request_context():
        html = send_download(SCRIPT, download_name="laporan.html", media_type="text/html", inline=True)
        pdf = send_download(real_pdf(), download_name="tagihan.pdf", media_type="application/pdf", inline=True)
    assert html.headers["Content-Disposition"].startswith("attachment")
    assert pdf.headers["Content-Disposition"].startswith("inline")
    assert "private" in pdf.headers["Cache-Control"]


def test_onboarding_refuses_hostile_letters_and_logos_and_stores_clean_ones(app: Flask):
    with app.app_context():
        applicant = make_applicant(official=False)
        draft = wizard.draft_for(applicant)
        wizard.save_region(applicant, draft, free_region())
        for letter in (b"%PDF-1.4\n" + SCRIPT, SCRIPT, png_claiming(30000, 30000)):
            with pytest.raises(OnboardingError) as refused:
                wizard.save_proof(applicant, draft, letter)
            assert refused.value.field == "letter" and refused.value.args[0].startswith("Surat tugas:")
            db.session.rollback()
        assert wizard.save_proof(applicant, draft, real_pdf()) == "letter"
        wizard.save_slug(applicant, draft, f"u{applicant.id}x{draft.id}")
        for logo in (png_claiming(30000, 30000), b'<svg xmlns="http://www.w3.org/2000/svg"/>',
                     image_bytes("PNG", (3000, 3000))):
            with pytest.raises(OnboardingError) as refused:
                wizard.save_branding(applicant, draft, primary_color="#112233", accent_color="#445566", tagline="",
                                     logo=logo)
            assert refused.value.field == "logo"
            db.session.rollback()
        wizard.save_branding(applicant, draft, primary_color="#112233", accent_color="#445566", tagline="",
                             logo=photo_with_location() + SCRIPT)
        stored = files.absolute_path(draft.logo_key).read_bytes()
        assert b"<script" not in stored and b"Kamera Uji" not in stored
        assert Image.open(io.BytesIO(stored)).format == "JPEG"
