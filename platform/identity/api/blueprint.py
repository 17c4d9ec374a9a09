"""``/admin/api`` on a regency's host: API clients, for holders of ``api_clients.manage``."""

from __future__ import annotations

from flask import Blueprint

from kiblat.platform.identity.api import views
from kiblat.platform.identity.sessions import permission_required
from kiblat.platform.web.hosts import require_tenant_host

bp = Blueprint("api_clients", __name__, url_prefix="/admin/api", template_folder="templates")
bp.before_request(require_tenant_host)
bp.add_url_rule("/", "index", permission_required("api_clients.manage")(views.index), methods=["GET", "POST"])
bp.add_url_rule("/<int:client_pk>/cabut", "revoke", permission_required("api_clients.manage")(views.revoke),
                methods=["POST"])
