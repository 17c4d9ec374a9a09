"""Single sign-on routes on a regency's host."""

from __future__ import annotations

from flask import Blueprint

from kiblat.platform.identity.oidc import views
from kiblat.platform.web.hosts import require_tenant_host

bp = Blueprint("oidc", __name__, template_folder="templates")
bp.add_url_rule("/masuk/sso", "start", views.start)
bp.add_url_rule("/masuk/sso/callback", "callback", views.callback)
bp.add_url_rule("/admin/sso", "admin", views.admin, methods=["GET", "POST"])


bp.before_request(require_tenant_host)
