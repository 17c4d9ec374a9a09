"""Helpers shared by Kenang Lemu's views."""

from __future__ import annotations

from flask import flash, render_template
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from kiblat.modules.kenang_lemu.services import images
from kiblat.platform.web.forms import error_messages

KIND_LABELS = {"permanent": _l("Pameran tetap"), "temporary": _l("Pameran temporer")}
FACET_LABELS = {"koleksi": _l("Koleksi"), "bahan": _l("Bahan"), "periode": _l("Periode"), "asal": _l("Asal"),
                "budaya": _l("Budaya")}


def english() -> bool:
    return str(get_locale()) == "en"


def localized(thing: object, name: str) -> str:
    """``thing.<name>_en`` for an English reader when it was written, else the Indonesian text."""
    if english():
        value = getattr(thing, f"{name}_en", "")
        if value:
            return value
    return getattr(thing, name)


def render(template: str, **context) -> str:  # noqa: ANN003
    return render_template(f"kenang_lemu/{template}", loc=localized, kind_labels=KIND_LABELS,
                           facet_labels=FACET_LABELS, image_size=images.dimensions, **context)


def checked(form: FlaskForm) -> bool:
    if not form.is_submitted():
        return False
    if form.validate():
        return True
    flash(error_messages(form)[0], "error")
    return False
