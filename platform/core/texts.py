"""``_`` for messages raised by services: translated during a request, plain Bahasa Indonesia
elsewhere (CLI, jobs, tests call services directly, where no locale can be chosen)."""

from __future__ import annotations

from flask import has_request_context
from flask_babel import gettext


def _(text: str, **variables: object) -> str:
    if has_request_context():
        return gettext(text, **variables)
    return text % variables if variables else text
