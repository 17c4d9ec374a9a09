"""Official documents for every module: one letterhead layout, the signing official configured
per scope, a PAdES signature with the regency's certificate, and what the verification page shows.

Modules describe a :class:`Document` in words and call :func:`issue_pdf`.

The names below are loaded on first use (PEP 562): ``documents.models`` is a core tenant table
that every process imports (migrations, the data-only CLI), and Python runs this file first, so
importing the layout and signing code here would load the PDF, image and pyHanko libraries
into every command that never issues a document.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiblat.platform.documents.layout import Signatory
    from kiblat.platform.documents.service import (
        Document,
        DocumentError,
        issue_pdf,
        issued,
        letter_date,
        local_day,
        qr_png,
        signatory_for,
    )

_SOURCES = {
    "Signatory": "kiblat.platform.documents.layout",
    **dict.fromkeys(("Document", "DocumentError", "issue_pdf", "issued", "letter_date", "local_day",
                     "qr_png", "signatory_for"), "kiblat.platform.documents.service"),
}

__all__ = ["Document", "DocumentError", "Signatory", "issue_pdf", "issued", "letter_date", "local_day",
           "qr_png", "signatory_for"]


def __getattr__(name: str) -> object:
    if name not in _SOURCES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_SOURCES[name]), name)
