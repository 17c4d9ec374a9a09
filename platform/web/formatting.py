"""Money as people read it, through Babel (CLDR), the same on pages, PDFs, emails and the CLI."""

from __future__ import annotations

from babel import Locale
from babel.numbers import format_currency
from flask_babel import get_locale

CURRENCY = "IDR"
# Outside an app (scripts, unit tests) and in Indonesian-only texts (invoices, emails).
INDONESIAN = "id"


def rupiah(amount: int, locale: str | Locale | None = None) -> str:
    """Whole Rupiah in ``locale`` (default: the request's language): ``Rp1.250.000`` in Bahasa
    Indonesia, ``IDR1,250,000`` in English, ``-Rp75.000`` for a negative amount."""
    return format_currency(int(amount), CURRENCY, locale=locale or get_locale() or INDONESIAN)
