"""``/admin/ekspor`` on a regency's host: request, follow and download exports."""

from __future__ import annotations

from flask import Blueprint

from kiblat.platform.web.hosts import require_tenant_host
from kiblat.tenants.portability import jobs as _jobs  # noqa: F401  (registers the export job)
from kiblat.tenants.portability import views

bp = Blueprint("portability", __name__, template_folder="templates")


bp.before_request(require_tenant_host)


bp.add_url_rule("/admin/ekspor", "index", views.index, methods=["GET", "POST"])
bp.add_url_rule("/admin/ekspor/<export_id>/unduh", "download", views.download)
