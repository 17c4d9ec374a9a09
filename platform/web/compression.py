"""Large text responses travel gzip-compressed when the browser accepts it.

On a weak village signal a regency map page of ~100 KB of HTML arrives as ~20 KB. Behind the
shipped nginx configuration nginx would compress anyway (and leaves an encoded response as it
is); this makes a server without a proxy in front — a small regency's one machine — as light.
"""

from __future__ import annotations

import gzip

from flask import Flask, Response, request

MIN_BYTES = 8 * 1024
COMPRESSIBLE = ("text/", "application/json", "application/ld+json", "application/xml",
                "application/rss+xml", "application/javascript", "image/svg+xml")
LEVEL = 5  # nginx's level in the shipped config: most of the gain for little CPU


def _compress(response: Response) -> Response:
    if (
        response.direct_passthrough
        or response.is_streamed
        or response.status_code < 200 or response.status_code in (204, 206, 304)
        or "Content-Encoding" in response.headers
        or not (response.mimetype or "").startswith(COMPRESSIBLE)
    ):
        return response
    response.vary.add("Accept-Encoding")
    body = response.get_data()
    # Size first: most pages are small, and then the Accept-Encoding header need not be parsed.
    if len(body) < MIN_BYTES or "gzip" not in request.accept_encodings:
        return response
    response.set_data(gzip.compress(body, compresslevel=LEVEL, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    return response


def init_compression(app: Flask) -> None:
    app.after_request(_compress)
