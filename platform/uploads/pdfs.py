"""PDFs opened by pypdf: a file that only starts like a PDF (``%PDF-`` followed by HTML) has
no readable document structure and is refused; active content (JavaScript, launching
programs, embedded files, actions run on opening) is refused; bytes after the document's
end are dropped."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import PyPdfError

# Long enough never to occur by chance in compressed streams (a 3-byte "/JS" would).
ACTIVE_MARKERS = (b"/JavaScript", b"/Launch", b"/EmbeddedFile", b"/RichMedia")
MAX_PAGES = 2000


class PdfProblem(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "corrupt" or "active"


def _without_trailing_bytes(data: bytes) -> bytes:
    end = data.rfind(b"%%EOF")
    if end < 0:
        raise PdfProblem("corrupt")
    return data[: end + 5] + b"\n"


def check_pdf(data: bytes) -> tuple[bytes, int]:
    """``(stored bytes, page count)`` of a readable PDF without active content."""
    data = _without_trailing_bytes(data)
    if any(marker in data for marker in ACTIVE_MARKERS):
        raise PdfProblem("active")
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged file is our answer, not a log line
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfProblem("encrypted")
        pages = len(reader.pages)
        if pages < 1 or pages > MAX_PAGES:
            raise PdfProblem("corrupt")
        root = reader.trailer["/Root"].get_object()
        names = root.get("/Names")
        names = names.get_object() if names is not None else {}
        if "/JavaScript" in names or "/EmbeddedFiles" in names:  # also when hidden in object streams
            raise PdfProblem("active")
        for page in reader.pages:  # every page object must resolve
            page.mediabox  # noqa: B018
    except PdfProblem:
        raise
    except (PyPdfError, KeyError, ValueError, TypeError, AttributeError, IndexError, OSError, RecursionError,
            AssertionError, ZeroDivisionError):
        raise PdfProblem("corrupt") from None
    return data, pages
