"""Taman Buah through real pages: the park, the calendar, weighing, managing, reports."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from tests.conftest import get
from tests.modules.kunjungan.test_pages import person, post, text_of


@pytest.fixture
def fruit_park(make_tenant):  # noqa: ANN001, ANN201
    return make_tenant(modules=("kunjungan", "taman_buah"))


def test_the_park_and_its_harvest_calendar_are_public(client, fruit_park) -> None:  # noqa: ANN001
    page = get(client, fruit_park.primary_host, "/taman-buah/").get_data(as_text=True)
    assert "Petik buah sendiri" in page and "/kunjungan/taman-buah/pesan" in page
    calendar = get(client, fruit_park.primary_host, "/taman-buah/panen").get_data(as_text=True)
    assert "Rp10.000 per ons" in calendar and "Rp15.000 per kg" in calendar


def test_weighing_two_kg_of_rambutan_gives_a_receipt(app, fruit_park) -> None:  # noqa: ANN001
    staff = person(app, fruit_park, "petugas_timbang")
    page = text_of(staff, fruit_park, "/taman-buah/timbang")
    key = re.search(r'name="request_key" type="hidden" value="([0-9a-f]+)"', page).group(1)
    response = post(staff, fruit_park, "/taman-buah/timbang", {"kg_rambutan": "2", "request_key": key})
    assert response.status_code == 302
    receipt = text_of(staff, fruit_park, response.headers["Location"])
    assert re.search(r'id="receipt-total">Rp30\.000<', receipt)
    again = post(staff, fruit_park, "/taman-buah/timbang", {"kg_rambutan": "2", "request_key": key})
    assert again.headers["Location"] == response.headers["Location"]  # a double tap sells once
    wrong = post(staff, fruit_park, "/taman-buah/timbang", {"kg_durian": "-3", "visitor_name": "Pak Bangun",
                                                             "request_key": "f" * 32}).get_data(as_text=True)
    assert "Berat Durian tidak boleh negatif" in wrong and 'value="Pak Bangun"' in wrong and 'value="-3"' in wrong


def test_managers_set_status_prices_and_photos_and_see_reports(app, fruit_park) -> None:  # noqa: ANN001
    manager = person(app, fruit_park, "pengelola_taman_buah")
    assert post(manager, fruit_park, "/taman-buah/kelola/harga", {"commodity": "rambutan", "price": "17000"},
                page="/taman-buah/kelola").status_code == 302
    assert post(manager, fruit_park, "/taman-buah/kelola/status", {"commodity": "durian", "status": "ripe", "note": ""},
                page="/taman-buah/kelola").status_code == 302
    picture = io.BytesIO()
    Image.new("RGB", (80, 60), (200, 30, 30)).save(picture, format="PNG")
    host = f"http://{fruit_park.primary_host}"
    from tests.identity.helpers import csrf_token

    token = csrf_token(text_of(manager, fruit_park, "/taman-buah/kelola"))
    uploaded = manager.post("/taman-buah/kelola/foto", base_url=host, content_type="multipart/form-data",
                            data={"csrf_token": token, "caption": "Rambutan merah",
                                  "photo": (io.BytesIO(picture.getvalue()), "rambutan.png")})
    assert uploaded.status_code == 302
    bad = manager.post("/taman-buah/kelola/foto", base_url=host, content_type="multipart/form-data",
                       data={"csrf_token": token, "photo": (io.BytesIO(b"%PDF-1.4 bukan foto"), "foto.jpg")},
                       follow_redirects=True)
    assert "JPEG" in bad.get_data(as_text=True)
    park = text_of(manager, fruit_park, "/taman-buah/")
    assert "Rambutan merah" in park and re.search(r'id="ripe-now">[^<]*<strong>Durian', park)
    assert "Rp17.000 per kg" in text_of(manager, fruit_park, "/taman-buah/panen")
    assert "Laporan Taman Buah" in text_of(manager, fruit_park, "/taman-buah/laporan")


def test_visitors_cannot_weigh_or_manage(app, fruit_park) -> None:  # noqa: ANN001
    visitor = person(app, fruit_park, "citizen")
    host = f"http://{fruit_park.primary_host}"
    for path in ("/taman-buah/timbang", "/taman-buah/kelola", "/taman-buah/laporan"):
        assert visitor.get(path, base_url=host).status_code == 403, path
