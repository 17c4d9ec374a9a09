"""The regency admin's pages on its own host (``/admin/...``): OPD and users."""

from __future__ import annotations

from flask import Flask

from kiblat.platform.admin.blueprint import bp


def init_admin(app: Flask) -> None:
    app.register_blueprint(bp)
