"""The platform staff console on the base domain (``/staff/konsol``): the fleet of regencies,
one regency's lifecycle, migrations across the fleet and activity over time."""

from __future__ import annotations

from flask import Flask


def init_console(app: Flask) -> None:
    from kiblat.platform.console import jobs as _jobs  # noqa: F401  (registers the fleet-upgrade job)
    from kiblat.platform.console.blueprint import bp

    app.register_blueprint(bp)
