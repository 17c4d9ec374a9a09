"""URL map of the smart-city dashboard (tenant hosts only)."""

from __future__ import annotations

from flask import Blueprint

from kiblat.platform.dashboard import views
from kiblat.platform.identity.sessions import permission_required
from kiblat.platform.web.hosts import require_tenant_host

bp = Blueprint("smart_city", __name__, url_prefix="/smart-city", template_folder="templates",
               static_folder="static", static_url_path="/aset")

bp.before_request(require_tenant_host)

settings = permission_required("tenant.settings")

bp.add_url_rule("/", "index", views.index)
bp.add_url_rule("/terbitkan", "publish", settings(views.publish), methods=["POST"])
bp.add_url_rule("/hitung", "compute", settings(views.compute), methods=["POST"])
