"""One Rupiah formatter (Babel, CLDR) for pages, PDFs, emails and the CLI, in the reader's language."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import render_template_string

from kiblat.platform.web.formatting import kilograms, latin1, long_date, rupiah, short_date


@pytest.mark.parametrize(("amount", "locale", "text"), [
    (0, "id", "Rp0"), (500, "id", "Rp500"), (1_250_000, "id", "Rp1.250.000"),
    (1_000_000_000, "id", "Rp1.000.000.000"), (-75_000, "id", "\u2212Rp75.000"),
    (1_250_000, "en", "IDR1,250,000"), (-75_000, "en", "\u2212IDR75,000"),
])
def test_whole_rupiah_in_the_given_language(amount, locale, text):
    assert rupiah(amount, locale) == text


def test_without_an_app_it_is_written_the_indonesian_way():
    assert rupiah(2_000) == "Rp2.000"


def test_pdf_text_keeps_to_latin1():
    assert latin1(f"{rupiah(-5_000, 'id')} – Desember — ✓") == "-Rp5.000 - Desember - ?"
    assert long_date(date(2026, 12, 1)) == "1 Desember 2026" and long_date(None) == "-"


@pytest.mark.parametrize(("cookie", "text"), [(None, "Rp1.250.000"), ("en", "IDR1,250,000"), ("id", "Rp1.250.000")])
def test_the_template_filter_follows_the_visitors_language(app, cookie, text):
    headers = {"Cookie": f"lang={cookie}"} if cookie else {}
    with app.test_request_context("/", headers=headers):
        assert render_template_string("{{ amount|rupiah }}", amount=1_250_000) == text


@pytest.mark.parametrize(("locale", "day", "weight"), [("id", "9 Des 2026", "1.234,50"), ("en", "9 Dec 2026", "1,234.50")])
def test_page_dates_and_weights_in_the_given_language(locale, day, weight):
    assert short_date(date(2026, 12, 9), locale) == day and short_date(None, locale) == "-"
    assert kilograms(1_234_500, locale) == weight and kilograms(4_800, locale) in ("4,80", "4.80")


@pytest.mark.parametrize(("cookie", "text"), [(None, "9 Des 2026 · 4,80 kg"), ("en", "9 Dec 2026 · 4.80 kg")])
def test_date_and_kg_filters_follow_the_visitors_language(app, cookie, text):
    headers = {"Cookie": f"lang={cookie}"} if cookie else {}
    with app.test_request_context("/", headers=headers):
        rendered = render_template_string("{{ day|date }} · {{ grams|kg }} kg", day=date(2026, 12, 9), grams=4_800)
    assert rendered == text  # never 2026-12-09, 09-12-2026 or a decimal point in Indonesian


def test_a_moment_is_dated_in_the_readers_time_zone(app):
    # 23:30 UTC on 1 December is 06:30 on 2 December in Jakarta (the default time zone).
    with app.test_request_context("/"):
        assert render_template_string("{{ at|date }}", at=datetime(2026, 12, 1, 23, 30, tzinfo=UTC)) == "2 Des 2026"
        assert render_template_string("{{ at|date }}", at=datetime(2026, 12, 1, 23, 30)) == "2 Des 2026"
        assert render_template_string("{{ day|date }}", day=date(2026, 12, 1)) == "1 Des 2026"
