"""Helpers shared by Taman Buah's views."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import get_month_names
from flask import flash, render_template
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from kiblat.platform.web.forms import error_messages
from kiblat.tenants.context import current_tenant

STATUS_LABELS = {"ripe": _l("Matang"), "soon": _l("Segera matang"), "out": _l("Tidak musim")}


def kg(grams: int) -> str:
    """``2.500`` g → ``2,5`` (kg, the Indonesian decimal comma)."""
    text = f"{grams / 1000:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def render(template: str, **context) -> str:  # noqa: ANN003
    months = get_month_names("abbreviated", locale=get_locale())  # Babel's names, in the reader's language
    return render_template(f"taman_buah/{template}", kg=kg, status_labels=STATUS_LABELS, months=months, **context)


def checked(form: FlaskForm) -> bool:
    if not form.is_submitted():
        return False
    if form.validate():
        return True
    flash(error_messages(form)[0], "error")
    return False


def today() -> date:
    """Today in the regency."""
    return datetime.now(ZoneInfo(current_tenant.time_zone)).date()
