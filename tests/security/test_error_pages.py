"""Error pages speak to the person: a heading and a sentence in Bahasa Indonesia (English with
the English locale), never a bare status code or Werkzeug's English description."""

from __future__ import annotations

import re

from flask import Flask

BASE = "http://kiblat.test"


def words(page: str) -> str:
    """What the page says, without its markup: a random token in an attribute (CSRF, nonce) may
    hold any digits."""
    return re.sub(r"<[^>]*>", " ", page)


def test_error_pages_show_words_not_status_codes(app: Flask):
    client = app.test_client()
    wrong_method = client.get("/staff/keluar", base_url=BASE)
    text = words(wrong_method.get_data(as_text=True))
    assert wrong_method.status_code == 405
    assert "405" not in text and "Method Not Allowed" not in text and "not allowed for the requested URL" not in text
    assert "Permintaan tidak dapat diproses" in text and "gunakan tombol pada halaman" in text
    too_large = client.post("/staff/masuk", base_url=BASE, data={"isi": "x" * (2 * 1024 * 1024)})
    text = words(too_large.get_data(as_text=True))
    assert too_large.status_code == 413 and "413" not in text and "Kiriman terlalu besar" in text
    client.set_cookie("lang", "en", domain="kiblat.test")
    english = words(client.get("/staff/keluar", base_url=BASE).get_data(as_text=True))
    assert "405" not in english and "use the buttons on the page" in english


def test_a_refused_form_is_explained_on_the_regencys_own_page(app: Flask, make_tenant):
    """A stale form (session ended, page open too long) and an oversized one are refused after the
    tenant is known: the regency's header, and words instead of Flask-WTF's English."""
    tenant = make_tenant()
    client = app.test_client()
    base = f"http://{tenant.primary_host}"
    stale = client.post("/masuk", base_url=base, data={"identifier": "warga@contoh.id", "password": "x"})
    text = stale.get_data(as_text=True)
    assert stale.status_code == 400
    assert "Formulir sudah kedaluwarsa" in text and "Buka formulirnya lagi" in text
    assert "CSRF" not in text and tenant.official_name in text
    assert 'href="/masuk">Buka formulir lagi' in text  # the way back to a fresh form
    action_only = client.post("/keluar", base_url=base)  # a form with no page of its own
    assert action_only.status_code == 400 and "Buka formulir lagi" not in action_only.get_data(as_text=True)
    too_large = client.post("/masuk", base_url=base, data={"isi": "x" * (2 * 1024 * 1024)})
    text = words(too_large.get_data(as_text=True))
    assert too_large.status_code == 413 and "Kiriman terlalu besar" in text and tenant.official_name in text
    client.set_cookie("lang", "en", domain=tenant.primary_host)
    english = client.post("/masuk", base_url=base, data={"identifier": "warga@contoh.id"}).get_data(as_text=True)
    assert "This form has expired" in english and "CSRF" not in english and "Open the form again" in english
