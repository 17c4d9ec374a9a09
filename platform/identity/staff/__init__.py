"""Platform staff: accounts with mandatory two-factor, sign-in on the platform host only,
and time-limited impersonation of a regency admin."""

from __future__ import annotations

from flask import Flask


def init_staff(app: Flask) -> None:
    """Register after tenant routing, so the impersonation check sees the request's tenant."""
    # Imported here on purpose: Python runs this file before any submodule, and the package's
    # models (control-plane tables every process loads) must load without every page (the data-only app, migrations, the CLI).
    from kiblat.platform.identity.staff import impersonation
    from kiblat.platform.identity.staff.blueprint import bp

    app.register_blueprint(bp)
    app.before_request(impersonation.check_impersonation)
    app.after_request(impersonation.audit_impersonated_request)
    app.context_processor(impersonation.banner_context)
