"""Identity: tenant users, roles and permissions, sign-in, invitations."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask


def _layout_user() -> dict:
    # Imported when the first page renders, for the reason given in the init function below.
    from kiblat.platform.identity.forms import LogoutForm
    from kiblat.platform.identity.sessions import get_current_user, has_permission

    user = get_current_user()
    return {
        "current_user": user,
        "has_permission": has_permission,
        "logout_form": LogoutForm() if user is not None else None,
    }


def init_identity(app: Flask) -> None:
    # Imported here on purpose: Python runs this file before any submodule, and the package's
    # models (tenant tables every process loads) and services must load without every page (the data-only app, migrations, the CLI).
    from kiblat.platform.identity.blueprint import bp
    from kiblat.platform.identity.server_sessions import init_server_sessions

    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=12)
    app.register_blueprint(bp)
    init_server_sessions(app)
    app.context_processor(_layout_user)
