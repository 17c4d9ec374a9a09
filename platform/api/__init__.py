"""The versioned JSON API (``/api/v1/`` on each regency's host).

Core endpoints and each enabled module's contribution (``ModuleManifest.api``) are mounted
on one blueprint per app; clients authenticate with OAuth2 client-credentials tokens.
"""

from __future__ import annotations

from flask import Flask

from kiblat.platform.api.blueprint import build_blueprint, contributions
from kiblat.platform.api.errors import answer_unrouted_api_request
from kiblat.platform.core.extensions import csrf
from kiblat.platform.identity.api.blueprint import bp as clients_bp
from kiblat.platform.identity.api.oauth import init_oauth


def init_api(app: Flask) -> None:
    """Call after ``init_modules``: module contributions are read from the registry."""
    init_oauth(app)
    routes = app.extensions["kiblat_api_routes"] = contributions(app.extensions["kiblat_modules"])
    blueprint = build_blueprint(routes)
    # Token-authenticated, never cookie-authenticated: no CSRF token to ask for.
    csrf.exempt(blueprint)
    app.register_blueprint(blueprint)
    app.register_blueprint(clients_bp)
    app.before_request(answer_unrouted_api_request)
