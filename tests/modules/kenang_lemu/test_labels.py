"""Exhibit labels on both backends: the PDF sheet is rendered to pixels, every QR on it is
decoded with a barcode reader and followed to the object's public page."""

from __future__ import annotations

from urllib.parse import urlsplit

import pypdfium2
import pytest
import zxingcpp

from kiblat.modules.kenang_lemu.services import exhibitions
from tests.conftest import get
from tests.live_server import ARTIFACTS
from tests.modules.kenang_lemu.helpers import add_object
from tests.modules.kunjungan.helpers import in_tenant
from tests.modules.kunjungan.test_pages import person


@pytest.fixture
def regency(make_tenant):  # noqa: ANN001, ANN201
    return make_tenant(modules=("kunjungan", "kenang_lemu"))


def decoded_urls(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    found = []
    for number, page in enumerate(document):
        picture = page.render(scale=300 / 72).to_pil()  # 300 dpi, as printed
        found += [result.text for result in zxingcpp.read_barcodes(picture)]
        if number == 0:
            picture.resize((picture.width // 3, picture.height // 3)).save(ARTIFACTS / "kenang-lemu-label.png")
    return found


def test_label_qr_codes_open_the_object_pages(app, client, regency) -> None:  # noqa: ANN001
    with in_tenant(app, regency):
        ids = [add_object(f"KL-{n:03d}", f"Benda pameran {n}", title_en=f"Exhibit {n}", period="Abad ke-19",
                          description="Teks panjang " * 40).id for n in range(1, 11)]
        add_object("KL-DRAF", "Draf tidak dicetak", published=False)
        shown = exhibitions.save("Galeri 1")
        for n in (3, 1):
            exhibitions.add_object(shown, f"KL-{n:03d}")
        exhibition_id = shown.id
    curator = person(app, regency, "kurator_museum")
    host = f"http://{regency.primary_host}"
    sheet = curator.get("/museum/kelola/label.pdf", base_url=host)
    assert sheet.status_code == 200 and sheet.mimetype == "application/pdf"
    urls = decoded_urls(sheet.get_data())
    assert len(pypdfium2.PdfDocument(sheet.get_data())) == 2  # ten labels, eight a page
    assert sorted(urlsplit(u).path for u in urls) == sorted(f"/museum/objek/{i}" for i in ids)
    for url in urls:
        page = get(client, regency.primary_host, urlsplit(url).path)
        assert page.status_code == 200 and len(page.get_data()) < 50_000
    assert urlsplit(urls[0]).netloc == regency.primary_host
    gallery = curator.get(f"/museum/kelola/label.pdf?pameran={exhibition_id}", base_url=host)
    assert sorted(urlsplit(u).path for u in decoded_urls(gallery.get_data())) == sorted(
        [f"/museum/objek/{ids[2]}", f"/museum/objek/{ids[0]}"])
    visitor = person(app, regency, "citizen")
    assert visitor.get("/museum/kelola/label.pdf", base_url=host).status_code == 403
