"""The regency audit log: who did what, on whose behalf, when. ``record()`` is the API."""

from __future__ import annotations

from flask import Flask


def init_audit(app: Flask) -> None:
    from kiblat.platform.identity.audit import receivers
    from kiblat.platform.identity.audit.blueprint import bp

    app.register_blueprint(bp)
    receivers.connect()
