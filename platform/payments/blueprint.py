"""The shared settings form's template (no routes: each module serves its own settings page)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("payments", __name__, template_folder="templates")
