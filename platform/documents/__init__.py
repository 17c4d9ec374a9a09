"""Official documents for every module: one letterhead layout, the signing official configured
per scope, a PAdES signature with the regency's certificate, and what the verification page shows.

Modules describe a :class:`Document` in words and call :func:`issue_pdf`.
"""

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

__all__ = ["Document", "DocumentError", "Signatory", "issue_pdf", "issued", "letter_date", "local_day",
           "qr_png", "signatory_for"]
