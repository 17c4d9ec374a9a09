"""Helpers shared by the module's views."""

from __future__ import annotations

from flask import flash, render_template
from flask_wtf import FlaskForm
from werkzeug.datastructures import FileStorage

from kiblat.modules.mesra.services import labels
from kiblat.modules.mesra.services.reports import Upload
from kiblat.platform.web.forms import error_messages, read_upload


def render(template: str, **context) -> str:  # noqa: ANN003
    return render_template(f"mesra/{template}", labels=labels, **context)


def checked(form: FlaskForm) -> bool:
    if not form.is_submitted():
        return False
    if form.validate():
        return True
    flash(error_messages(form)[0], "error")
    return False


def upload_of(field_data: FileStorage | None, max_bytes: int) -> Upload | None:
    chosen = read_upload(field_data, max_bytes)
    return Upload(*chosen) if chosen else None
