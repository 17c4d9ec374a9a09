"""Money, dates and PDF text as people read them, through Babel (CLDR): the same on pages,
PDFs, emails and the CLI."""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from flask import has_app_context
from flask_babel import get_locale, to_user_timezone

CURRENCY = "IDR"
# Outside an app (scripts, unit tests) and in Indonesian-only texts (invoices, permits, emails).
INDONESIAN = "id"
MINUS = "\u2212"


def rupiah(amount: int, locale: str | Locale | None = None) -> str:
    """Whole Rupiah in ``locale`` (default: the request's language): ``Rp1.250.000`` in Bahasa
    Indonesia, ``IDR1,250,000`` in English, ``−Rp75.000`` for a negative amount."""
    text = format_currency(int(amount), CURRENCY, locale=locale or get_locale() or INDONESIAN)
    # A minus sign rather than CLDR's hyphen: a line may break after a hyphen, leaving "-" alone
    # at the end of a narrow table cell.
    return text.replace("-", MINUS, 1) if amount < 0 else text


def long_date(day: date | None, locale: str | Locale = INDONESIAN) -> str:
    """``2026-12-01`` → ``1 Desember 2026`` (as written on letters and invoices); ``-`` for none."""
    return format_date(day, "d MMMM y", locale=locale) if day else "-"


def short_date(day: date | None, locale: str | Locale | None = None) -> str:
    """``2026-12-09`` → ``9 Des 2026`` (``9 Dec 2026`` in English): the one style for dates on
    pages, never ``2026-12-09`` or ``09-12-2026``; ``-`` for none. A moment (``datetime``, UTC
    when naive) is dated in the reader's time zone: 23:30 UTC is the next day in Jakarta."""
    if isinstance(day, datetime) and has_app_context():
        day = to_user_timezone(day)
    return format_date(day, "d MMM y", locale=locale or get_locale() or INDONESIAN) if day else "-"


def kilograms(grams: int, locale: str | Locale | None = None) -> str:
    """Grams as kilograms with two decimals: ``4,80`` in Bahasa Indonesia, ``4.80`` in English,
    ``1.234,50`` with thousands grouped (the unit is left to the text around it)."""
    return format_decimal(grams / 1000, "#,##0.00", locale=locale or get_locale() or INDONESIAN)


def month(period: str | None, locale: str | Locale | None = None) -> str:
    """A month ``2026-11`` written out: ``November 2026``; ``-`` for none."""
    if not period:
        return "-"
    year, _, number_ = period.partition("-")
    return format_date(date(int(year), int(number_), 1), "MMMM y", locale=locale or get_locale() or INDONESIAN)


def number(value: float | None, locale: str | Locale | None = None) -> str:
    """A figure with up to two decimals, grouped the reader's way (``1.234,5``); ``–`` for None."""
    if value is None:
        return "–"
    return format_decimal(value, "#,##0.##", locale=locale or get_locale() or INDONESIAN)


def N_(text: str) -> str:  # noqa: N802 - the name pybabel extracts by default
    """Marks a label for the catalogs where it is declared; it is translated where it is shown."""
    return text


def latin1(text: str) -> str:
    """Text for PDFs set in the built-in fonts, which cover Latin-1 only: dashes and the minus
    sign become hyphens, anything else outside Latin-1 a question mark."""
    for dash in ("\u2013", "\u2014", MINUS):
        text = text.replace(dash, "-")
    return text.encode("latin-1", "replace").decode("latin-1")
