"""The regency audit log: who did what, on whose behalf, when. ``record()`` is the API."""

from __future__ import annotations

from flask import Flask


def init_audit(app: Flask) -> None:
    # Imported here on purpose: Python runs this file before any submodule, and the package's
    # models (a tenant table every process loads) must load without every page (the data-only app, migrations, the CLI).
    from kiblat.platform.identity.audit import receivers
    from kiblat.platform.identity.audit.blueprint import bp

    app.register_blueprint(bp)
    receivers.connect()
