"""The regency admin's pages on its own host (``/admin/...``): OPD and users."""

from __future__ import annotations

from flask import Flask


def init_admin(app: Flask) -> None:
    from kiblat.platform.admin.blueprint import bp

    app.register_blueprint(bp)
