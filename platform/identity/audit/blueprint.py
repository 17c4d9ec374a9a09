"""The regency admin's audit view, on the regency's host."""

from __future__ import annotations

from flask import Blueprint

from kiblat.platform.identity.audit import views

bp = Blueprint("audit", __name__, template_folder="templates")
bp.add_url_rule("/admin/audit", "index", views.index)
