"""Helpers shared by Desa Terhubung's views."""

from __future__ import annotations

from flask import flash, render_template
from flask_babel import format_decimal
from flask_wtf import FlaskForm

from kiblat.modules.desa_terhubung.services import vocab
from kiblat.platform.web.forms import error_messages


def mbps(value: float) -> str:
    """``12,5 Mbps`` in the reader's locale."""
    return f"{format_decimal(value, format='#,##0.#')} Mbps"


def render(template: str, **context) -> str:  # noqa: ANN003
    return render_template(f"desa_terhubung/{template}", vocab=vocab, mbps=mbps, **context)


def checked(form: FlaskForm) -> bool:
    """Whether ``form`` was sent and is valid; its first problem is shown otherwise."""
    if not form.is_submitted():
        return False
    if form.validate():
        return True
    flash(error_messages(form)[0], "error")
    return False
