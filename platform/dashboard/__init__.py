"""The regency's smart-city dashboard (``/smart-city`` on its own host): the six dimensions with
the modules under each, indicators with trends, the gaps; the admin chooses what is public."""

from __future__ import annotations

from flask import Flask

from kiblat.platform.dashboard.blueprint import bp


def init_dashboard(app: Flask) -> None:
    app.register_blueprint(bp)
