"""Self-onboarding on the platform host: an applicant account, a resumable wizard, review
(automatic for verified ``.go.id`` addresses, otherwise by staff), provisioning in the
background, and a one-time handoff that lands the new admin on their regency's host."""

from __future__ import annotations

from flask import Flask


def init_onboarding(app: Flask) -> None:
    # Imported here on purpose: Python runs this file before any submodule, and the package's
    # models (control-plane tables every process loads) must load without every page (the data-only app, migrations, the CLI).
    from kiblat.platform.onboarding import jobs  # noqa: F401 - registers the job handler
    from kiblat.platform.onboarding.blueprint import bp, landing_bp, staff_bp

    app.register_blueprint(bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(landing_bp)
