"""Data-rights routes on a regency's host."""

from __future__ import annotations

from flask import Blueprint

from kiblat.platform.privacy import views

bp = Blueprint("privacy", __name__, template_folder="templates")
bp.add_url_rule("/privasi", "notice", views.notice_page)
bp.add_url_rule("/privasi/setuju", "accept", views.accept, methods=["GET", "POST"])
bp.add_url_rule("/akun/data-saya", "my_data", views.my_data)
bp.add_url_rule("/akun/data-saya/unduh", "download", views.download)
bp.add_url_rule("/akun/data-saya/hapus", "request_erasure", views.request_erasure, methods=["POST"])
bp.add_url_rule("/admin/privasi", "admin_notice", views.admin_notice, methods=["GET", "POST"])
bp.add_url_rule("/admin/privasi/penghapusan", "admin_requests", views.admin_requests)
bp.add_url_rule("/admin/privasi/penghapusan/<int:request_id>/<decision>", "decide", views.decide, methods=["POST"])
