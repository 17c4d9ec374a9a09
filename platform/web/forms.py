"""Small helpers for Flask-WTF forms shared by the platform's and modules' pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import FileStorage
from wtforms.validators import Length


def error_messages(form: FlaskForm) -> list[str]:
    """Every message of the last ``validate()``, field by field in the form's order."""
    return [str(message) for field in form for message in field.errors]


def at_most(characters: int, what: str) -> Length:
    """A length limit whose message names the field: "Alamat paling banyak 300 karakter"."""
    return Length(max=characters, message=_l("%(what)s paling banyak %(n)s karakter", what=what, n=characters))


def strip(value: object) -> object:
    """Filter: surrounding blanks are never meant (pasted text, phones adding a space)."""
    return value.strip() if isinstance(value, str) else value


def read_upload(upload: FileStorage | None, max_bytes: int) -> tuple[str, bytes] | None:
    """``(filename, content)`` of a chosen file, reading at most one byte more than ``max_bytes``
    so an oversized file is recognised without holding all of it; None when nothing was chosen."""
    if upload is None or not isinstance(upload, FileStorage) or not upload.filename:
        return None
    return upload.filename, upload.read(max_bytes + 1)

