"""Minimal pages for platform staff on the platform host: sign-in with two-factor,
impersonating a regency admin, and their own actions across regencies."""

from __future__ import annotations

from flask import Flask

from kiblat.platform.identity.oidc.staff import HOOK_KEY
from kiblat.platform.staff.blueprint import bp
from kiblat.platform.staff.views import sso_login


def init_staff_pages(app: Flask) -> None:
    app.register_blueprint(bp)
    # Staff single sign-on (when configured) hands the proven identity to staff accounts.
    app.extensions[HOOK_KEY] = sso_login
