"""The platform staff console on the base domain (``/staff/konsol``): the fleet of regencies,
one regency's lifecycle, migrations across the fleet and activity over time."""

from __future__ import annotations

from flask import Flask


def init_console(app: Flask) -> None:
    # Imported here on purpose: Python runs this file before any submodule, and the package's
    # jobs (run by the worker from the job registry) must load without every page (the data-only app, migrations, the CLI).
    from kiblat.platform.console import jobs as _jobs  # noqa: F401  (registers the fleet-upgrade job)
    from kiblat.platform.console.blueprint import bp

    app.register_blueprint(bp)
