"""Error pages speak to the person: a heading and a sentence in Bahasa Indonesia (English with
the English locale), never a bare status code or Werkzeug's English description."""

from __future__ import annotations

from flask import Flask

BASE = "http://kiblat.test"


def test_error_pages_show_words_not_status_codes(app: Flask):
    client = app.test_client()
    wrong_method = client.get("/staff/keluar", base_url=BASE)
    text = wrong_method.get_data(as_text=True)
    assert wrong_method.status_code == 405
    assert "405" not in text and "Method Not Allowed" not in text and "not allowed for the requested URL" not in text
    assert "Permintaan tidak dapat diproses" in text and "gunakan tombol pada halaman" in text
    too_large = client.post("/staff/masuk", base_url=BASE, data={"isi": "x" * (2 * 1024 * 1024)})
    text = too_large.get_data(as_text=True)
    assert too_large.status_code == 413 and "413" not in text and "Kiriman terlalu besar" in text
    client.set_cookie("lang", "en", domain="kiblat.test")
    english = client.get("/staff/keluar", base_url=BASE).get_data(as_text=True)
    assert "405" not in english and "use the buttons on the page" in english
