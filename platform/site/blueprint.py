"""URL map of the public platform pages; they answer on the base domain only."""

from __future__ import annotations

from flask import Blueprint

from kiblat.platform.site import views
from kiblat.platform.web.hosts import require_platform_host

bp = Blueprint("site", __name__, template_folder="templates", static_folder="static",
               static_url_path="/aset-situs")


bp.before_request(require_platform_host)


bp.add_url_rule("/tentang", "about", views.about)
bp.add_url_rule("/katalog-modul", "catalogue", views.catalogue)
bp.add_url_rule("/adopsi", "adoption", views.adoption)
bp.add_url_rule("/adopsi/provinsi/<code>", "adoption_province", views.adoption_province)
bp.add_url_rule("/studi-banding", "comparison", views.comparison)
