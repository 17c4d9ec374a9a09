"""Single sign-on with OpenID Connect: each regency may configure its own provider.

``init_oidc(app)`` registers the routes, the per-tenant Authlib clients and
``sso_login_option()`` for the login page; platform staff sign-in through an
environment-configured provider is in :mod:`.staff`.
"""

from __future__ import annotations

from flask import Flask


def _sso_login_option() -> dict:
    # Imported when the first page renders, for the reason given in the init function below.
    from kiblat.platform.identity.oidc.settings import enabled_provider
    from kiblat.tenants.context import get_current_tenant

    def sso_login_option():  # noqa: ANN202
        """The enabled provider's display name on a regency's host, else None."""
        if get_current_tenant() is None:
            return None
        provider = enabled_provider()
        return provider.display_name if provider is not None else None

    return {"sso_login_option": sso_login_option}


def init_oidc(app: Flask) -> None:
    # Imported here on purpose: Python runs this file before any submodule, and the package's
    # models (a tenant table every process loads) must load without every page (the data-only app, migrations, the CLI).
    from kiblat.platform.identity.oidc.blueprint import bp
    from kiblat.platform.identity.oidc.clients import init_clients
    from kiblat.platform.identity.oidc.staff import bp as staff_bp

    init_clients(app)
    app.register_blueprint(bp)
    app.register_blueprint(staff_bp)
    app.context_processor(_sso_login_option)
