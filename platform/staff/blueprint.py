"""URL map of the staff pages; all of them answer on the platform host only."""

from __future__ import annotations

from flask import Blueprint, abort

from kiblat.platform.staff import views
from kiblat.tenants.context import get_current_tenant

bp = Blueprint("staff", __name__, url_prefix="/staff", template_folder="templates")


@bp.before_request
def _platform_host_only() -> None:
    if get_current_tenant() is not None:
        abort(404)


bp.add_url_rule("/masuk", "login", views.login, methods=["GET", "POST"])
bp.add_url_rule("/verifikasi", "verify", views.verify, methods=["GET", "POST"])
bp.add_url_rule("/aktifkan-2fa", "enrol", views.enrol, methods=["GET", "POST"])
bp.add_url_rule("/keluar", "logout", views.logout, methods=["POST"])
bp.add_url_rule("/", "home", views.home)
bp.add_url_rule("/penyamaran", "impersonate", views.impersonate, methods=["GET", "POST"])
bp.add_url_rule("/aktivitas", "activity", views.activity)
