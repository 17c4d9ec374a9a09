"""The public platform site on the base domain: what Kiblat is, the module catalogue and
which regencies use which modules."""

from __future__ import annotations

from flask import Flask

from kiblat.platform.site.blueprint import bp


def init_site(app: Flask) -> None:
    app.register_blueprint(bp)
