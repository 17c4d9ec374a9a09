"""Survey routes on a regency's host: the citizen's ratings and the regency's IKM report."""

from __future__ import annotations

from flask import Blueprint

from kiblat.platform.survey import views

bp = Blueprint("survey", __name__, template_folder="templates")
bp.add_url_rule("/survei", "index", views.index)
bp.add_url_rule("/survei/<module_key>/<ref>", "rate", views.rate, methods=["GET", "POST"])
bp.add_url_rule("/admin/ikm", "report", views.report)
