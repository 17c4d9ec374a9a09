"""Pins, cover images and PDF attachments of announcements: every file goes through the
platform's checks before anything is stored (a hostile one stores nothing and the form keeps
what was typed), covers are stored without EXIF and at most 1200 px wide, attachments download
as attachments, pins end at their date and stay few, and the feed keeps its date order."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image
from pypdf import PdfWriter
from sqlalchemy import func, select

from kiblat.modules.pengumuman.models import Announcement, Attachment
from kiblat.modules.pengumuman.services import announcements, editor, media
from kiblat.modules.pengumuman.services.announcements import AnnouncementError
from kiblat.platform.storage.files import tenant_storage
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.identity.helpers import add_user, csrf_token, sign_in


def photo(width: int = 2400, height: int = 1200, gps: bool = True) -> bytes:
    image = Image.new("RGB", (width, height), (30, 120, 200))
    out = io.BytesIO()
    exif = Image.Exif()
    if gps:
        exif[0x010F] = "KameraUji"  # Make
        exif[0x8825] = {1: "N", 2: (3.0, 35.0, 0.0)}  # GPSInfo: where the photo was taken
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def pdf(script: bool = False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    if script:  # an action that runs a script when the PDF opens
        data = data.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>")
        assert b"/JavaScript" in data
    return data


def bomb() -> bytes:
    """A few kilobytes of PNG that would decode to 100 megapixels."""
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def inside(app, make_tenant):  # noqa: ANN001, ANN201
    tenant = make_tenant()
    with app.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        yield tenant


def save(title: str, files: media.Files | None = None, pinned_until: datetime | None = None,
         published_at: datetime | None = None, **kwargs) -> Announcement:  # noqa: ANN003
    saved = editor.save(None, title=title, body="Isi.", category_key="umum", author_name="Humas", publish=True,
                        files=files, pinned_until=pinned_until, **kwargs)
    if published_at is not None:
        saved.published_at = published_at
        tenant_db.session.commit()
    return saved


def test_a_cover_is_stored_without_exif_and_at_most_1200_px_wide(inside) -> None:  # noqa: ANN001
    files = media.check_files(None, media.Upload(photo(), "IMG_2041.jpg"), "Warga antre vaksin di puskesmas", [])
    saved = save("Vaksinasi", files)
    assert (saved.cover_width, saved.cover_height, saved.cover_media_type) == (1200, 600, "image/jpeg")
    stored = media.read(saved.cover_key)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (1200, 600) and not image.getexif()
    assert b"KameraUji" not in stored and saved.cover_alt == "Warga antre vaksin di puskesmas"


@pytest.mark.parametrize(("cover", "alt", "message"), [
    (photo(), "", "Tulis teks alternatif"),
    (b"<svg onload=alert(1)>", "Gambar", "Jenis berkas tidak diterima"),
    (bomb(), "Gambar", "terlalu besar"),
    (b"\xff\xd8\xff" + b"0" * (media.COVER_MAX_BYTES + 1), "Gambar", "lebih dari 3 MB"),
    (photo()[:2000], "Gambar", "rusak"),
])
def test_a_bad_cover_is_refused_with_a_clear_message(inside, cover, alt, message) -> None:  # noqa: ANN001
    with pytest.raises(AnnouncementError, match=message):
        media.check_files(None, media.Upload(cover[: media.COVER_MAX_BYTES + 1], "sampul.jpg"), alt, [])


def test_attachments_are_checked_pdfs_and_one_hostile_file_stores_nothing(inside) -> None:  # noqa: ANN001
    good = media.Upload(pdf(), "Jadwal vaksinasi.pdf")
    files = media.check_files(None, None, "", [good])
    saved = save("Jadwal", files)
    [attachment] = saved.attachments
    assert (attachment.display_name, attachment.pages) == ("Jadwal vaksinasi.pdf", 1)
    assert media.read(attachment.storage_key).startswith(b"%PDF")
    for hostile, message in [(media.Upload(pdf(script=True), "surat.pdf"), "skrip"),
                             (media.Upload(b"MZ\x90\x00 bukan pdf", "surat.pdf"), "Jenis berkas tidak diterima"),
                             (media.Upload(b"%PDF-1.7\n" + b"0" * (media.ATTACHMENT_MAX_BYTES + 1), "besar.pdf"),
                              "lebih dari 5 MB")]:
        with pytest.raises(AnnouncementError, match=message):
            media.check_files(saved, None, "", [good, hostile])
    with pytest.raises(AnnouncementError, match="Paling banyak 5 lampiran"):
        media.check_files(saved, None, "", [good] * 5)
    assert tenant_db.session.scalar(select(func.count()).select_from(Attachment)) == 1
    # Removing an attachment deletes its file.
    key = attachment.storage_key
    editor.save(saved, title="Jadwal", body="Isi.", category_key="umum", author_name="Humas", publish=True,
                remove_attachments=frozenset({attachment.id}))
    assert not saved.attachments and not tenant_storage().exists(key)


def test_pinned_announcements_come_first_until_their_date_and_stay_few(inside) -> None:  # noqa: ANN001
    now = datetime.now(UTC)
    old = save("Lama tapi penting", pinned_until=now + timedelta(days=3), published_at=now - timedelta(days=10))
    save("Kemarin", published_at=now - timedelta(days=1))
    save("Sematan habis", published_at=now - timedelta(hours=2))
    ended = tenant_db.session.scalar(select(Announcement).where(Announcement.title == "Sematan habis"))
    ended.pinned_until = now - timedelta(hours=1)
    tenant_db.session.commit()
    assert [a.title for a in announcements.published_page(1, 10).items] == [
        "Lama tapi penting", "Sematan habis", "Kemarin"]
    assert [a.title for a in announcements.latest()] == ["Sematan habis", "Kemarin", "Lama tapi penting"]  # feed
    assert media.is_pinned(old) and not media.is_pinned(ended)
    with pytest.raises(AnnouncementError, match="setelah sekarang"):
        save("Sematan lewat", pinned_until=now - timedelta(minutes=1))
    save("Dua", pinned_until=now + timedelta(days=1))
    save("Tiga", pinned_until=now + timedelta(days=1))
    with pytest.raises(AnnouncementError, match="Sudah ada 3 pengumuman yang disematkan"):
        save("Empat", pinned_until=now + timedelta(days=1))
    tenant_db.session.rollback()
    # Changing one of the three keeps its pin.
    editor.save(old, title="Lama tapi penting", body="Isi baru.", category_key="umum", author_name="Humas",
                publish=True, pinned_until=now + timedelta(days=5))


def test_humas_publishes_with_cover_pdf_and_pin_and_the_public_sees_them(app, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant()
    host = f"http://{tenant.primary_host}"
    add_user(app, tenant, role="humas", email=f"humas@{tenant.slug}.example.id")
    humas = app.test_client()
    assert sign_in(humas, tenant, f"humas@{tenant.slug}.example.id").status_code == 302
    token = csrf_token(humas.get("/pengumuman/kelola/baru", base_url=host).text)
    typed = {"csrf_token": token, "title": "Pasar murah Lubuk Pakam", "category": "umum",
             "body": "Datang pagi.", "pinned_until": "2099-01-31", "cover_alt": "Spanduk pasar murah",
             "publish": "1"}
    hostile = humas.post("/pengumuman/kelola/baru", base_url=host, content_type="multipart/form-data", data={
        **typed, "cover": (io.BytesIO(photo(800, 400)), "pasar.jpg"),
        "attachments": [(io.BytesIO(pdf(script=True)), "jadwal.pdf")]})
    assert hostile.status_code == 422 and "PDF berisi skrip" in hostile.text
    assert 'value="Pasar murah Lubuk Pakam"' in hostile.text and 'value="Spanduk pasar murah"' in hostile.text
    assert 'value="2099-01-31"' in hostile.text
    with app.app_context(), tenant_context(tenant):
        assert tenant_db.session.scalar(select(func.count()).select_from(Announcement)) == 0
    saved = humas.post("/pengumuman/kelola/baru", base_url=host, content_type="multipart/form-data", data={
        **typed, "cover": (io.BytesIO(photo(800, 400)), "pasar.jpg"),
        "attachments": [(io.BytesIO(pdf()), "Jadwal pasar.pdf")]})
    assert saved.status_code == 302
    public = app.test_client()
    listing = public.get("/pengumuman/", base_url=host).text
    assert "Disematkan" in listing and 'alt="Spanduk pasar murah"' in listing
    assert 'width="800" height="400" loading="lazy"' in listing
    with app.app_context(), tenant_context(tenant):
        item = tenant_db.session.scalar(select(Announcement))
        item_id, attachment_id = item.id, item.attachments[0].id
    page = public.get(f"/pengumuman/{item_id}", base_url=host).text
    assert "Jadwal pasar.pdf" in page and f"/pengumuman/{item_id}/lampiran/{attachment_id}" in page
    download = public.get(f"/pengumuman/{item_id}/lampiran/{attachment_id}", base_url=host)
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    cover = public.get(f"/pengumuman/{item_id}/sampul", base_url=host)
    assert cover.status_code == 200 and cover.mimetype == "image/jpeg"
    assert public.get(f"/pengumuman/{item_id}/lampiran/{attachment_id + 99}", base_url=host).status_code == 404
