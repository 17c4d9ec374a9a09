"""URL map of the staff console; platform host only, every page behind ``staff_required``."""

from __future__ import annotations

from flask import Blueprint

from kiblat.platform.console import views
from kiblat.platform.web.hosts import require_platform_host

bp = Blueprint("console", __name__, url_prefix="/staff/konsol", template_folder="templates")


bp.before_request(require_platform_host)


bp.add_url_rule("/", "index", views.index)
bp.add_url_rule("/daerah/<slug>", "tenant", views.tenant)
bp.add_url_rule("/daerah/<slug>/hentikan", "suspend", views.suspend, methods=["POST"])
bp.add_url_rule("/daerah/<slug>/lanjutkan", "resume", views.resume, methods=["POST"])
bp.add_url_rule("/daerah/<slug>/arsipkan", "archive", views.archive, methods=["POST"])
bp.add_url_rule("/daerah/<slug>/hapus", "delete", views.delete, methods=["POST"])
bp.add_url_rule("/daerah/<slug>/ekspor", "export", views.export, methods=["POST"])
bp.add_url_rule("/daerah/<slug>/ekspor/<export_id>", "export_download", views.export_download)
bp.add_url_rule("/daerah/<slug>/modul/<key>/aktifkan", "module_enable", views.module_enable, methods=["POST"])
bp.add_url_rule("/daerah/<slug>/modul/<key>/nonaktifkan", "module_disable", views.module_disable, methods=["POST"])
bp.add_url_rule("/daerah/<slug>/modul/<key>/pengaturan", "module_settings", views.module_settings,
                methods=["POST"])
bp.add_url_rule("/migrasi", "migrations", views.migrations, methods=["GET", "POST"])
bp.add_url_rule("/migrasi/<run_id>", "upgrade_run", views.upgrade_run)
bp.add_url_rule("/grafik", "charts", views.charts)
bp.add_url_rule("/antrean", "queue", views.queue)
bp.add_url_rule("/server-basis-data", "database_servers", views.database_servers)
bp.add_url_rule("/smart-city", "smart_city", views.smart_city)
bp.add_url_rule("/smart-city.csv", "smart_city_csv", views.smart_city_csv)
bp.add_url_rule("/smart-city/hitung", "smart_city_compute", views.smart_city_compute, methods=["POST"])
