"""Platform staff: accounts with mandatory two-factor, sign-in on the platform host only,
and time-limited impersonation of a regency admin."""

from __future__ import annotations

from flask import Flask


def init_staff(app: Flask) -> None:
    """Register after tenant routing, so the impersonation check sees the request's tenant."""
    from kiblat.platform.identity.staff import impersonation
    from kiblat.platform.identity.staff.blueprint import bp
    from kiblat.platform.staff.blueprint import bp as pages

    app.register_blueprint(bp)
    app.register_blueprint(pages)
    app.before_request(impersonation.check_impersonation)
    app.after_request(impersonation.audit_impersonated_request)
    app.context_processor(impersonation.banner_context)
    from kiblat.platform.identity.oidc.staff import HOOK_KEY
    from kiblat.platform.staff.views import sso_login

    # Staff single sign-on (when configured) hands the proven identity to staff accounts.
    app.extensions[HOOK_KEY] = sso_login
