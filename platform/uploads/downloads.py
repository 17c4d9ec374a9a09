"""Serving a stored file: the one way every part of the platform answers with a file.

Werkzeug builds ``Content-Disposition`` (RFC 6266; names beyond ASCII as RFC 5987
``filename*``), the name is sanitised once more, browsers are told not to guess the type
(``nosniff``), and only images and PDFs are ever shown inline: everything else is an
attachment, in a sandbox even if a browser tried to render it.
"""

from __future__ import annotations

import io
import re
from typing import BinaryIO

from flask import Response, send_file

from kiblat.platform.uploads.names import safe_display_name

INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"})
SANDBOX_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox"
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,10}$")


def _download_name(name: str) -> str:
    extension = _EXTENSION.search(name or "")
    suffix = extension.group(0).lower() if extension else ""
    return safe_display_name(name[: extension.start()] if extension else name, suffix)


def send_download(content: bytes | BinaryIO, *, download_name: str, media_type: str, inline: bool = False,
                  max_age: int | None = None, public: bool = False) -> Response:
    """A response carrying ``content`` as ``download_name``. ``inline=True`` shows images and
    PDFs in the browser (anything else is still an attachment); ``max_age``/``public`` allow
    caching of files that are the same for everyone (a logo), never of personal files."""
    shown_inline = inline and media_type in INLINE_TYPES
    body = io.BytesIO(content) if isinstance(content, bytes | bytearray) else content
    response = send_file(body, mimetype=media_type, as_attachment=not shown_inline,
                         download_name=_download_name(download_name), max_age=max_age, conditional=False)
    response.headers["X-Content-Type-Options"] = "nosniff"
    if media_type != "application/pdf" or not shown_inline:
        # PDF viewers need the page's own policy; nothing else served as a file needs more than this.
        response.headers["Content-Security-Policy"] = SANDBOX_POLICY
    if public:
        response.cache_control.public = True
    else:
        response.cache_control.private = True
    return response
