"""URL map of the staff pages; all of them answer on the platform host only."""

from __future__ import annotations

from flask import Blueprint

from kiblat.platform.staff import views
from kiblat.platform.web.hosts import require_platform_host

bp = Blueprint("staff", __name__, url_prefix="/staff", template_folder="templates")


bp.before_request(require_platform_host)


bp.add_url_rule("/masuk", "login", views.login, methods=["GET", "POST"])
bp.add_url_rule("/verifikasi", "verify", views.verify, methods=["GET", "POST"])
bp.add_url_rule("/aktifkan-2fa", "enrol", views.enrol, methods=["GET", "POST"])
bp.add_url_rule("/keluar", "logout", views.logout, methods=["POST"])
bp.add_url_rule("/", "home", views.home)
bp.add_url_rule("/penyamaran", "impersonate", views.impersonate, methods=["GET", "POST"])
bp.add_url_rule("/aktivitas", "activity", views.activity)
