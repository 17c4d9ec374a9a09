"""URL map of the regency admin's pages (tenant hosts only)."""

from __future__ import annotations

from flask import Blueprint

from kiblat.platform.admin import (
                branding_views,
                document_views,
                module_views,
                nik_views,
                sms_views,
                views,
)
from kiblat.platform.identity.sessions import permission_required
from kiblat.platform.web.hosts import require_tenant_host

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates", static_folder="static")


bp.before_request(require_tenant_host)


opd = permission_required("opd.manage")
users = permission_required("users.manage")
settings = permission_required("tenant.settings")

bp.add_url_rule("/", "index", views.index)
bp.add_url_rule("/opd", "opd_list", opd(views.opd_list), methods=["GET", "POST"])
bp.add_url_rule("/opd/<int:opd_id>", "opd_edit", opd(views.opd_edit), methods=["GET", "POST"])
bp.add_url_rule("/opd/<int:opd_id>/status", "opd_status", opd(views.opd_status), methods=["POST"])
bp.add_url_rule("/pengguna", "user_list", users(views.user_list))
bp.add_url_rule("/pengguna/baru", "user_new", users(views.user_new), methods=["GET", "POST"])
bp.add_url_rule("/pengguna/impor", "user_import", users(views.user_import), methods=["GET", "POST"])
bp.add_url_rule("/pengguna/impor/templat.csv", "user_import_template", users(views.user_import_template))
bp.add_url_rule("/pengguna/<int:user_id>", "user_detail", users(views.user_detail))
bp.add_url_rule("/pengguna/<int:user_id>/ubah", "user_edit", users(views.user_edit), methods=["GET", "POST"])
bp.add_url_rule("/pengguna/<int:user_id>/undangan", "user_invite", users(views.user_invite), methods=["POST"])
bp.add_url_rule("/pengguna/<int:user_id>/status", "user_status", users(views.user_status), methods=["POST"])
bp.add_url_rule("/pengguna/<int:user_id>/dua-langkah", "user_reset_two_factor",
                users(views.user_reset_two_factor), methods=["POST"])
bp.add_url_rule("/koreksi-nik", "nik_list", users(nik_views.nik_list))
bp.add_url_rule("/koreksi-nik/<int:correction_id>", "nik_review", users(nik_views.nik_review), methods=["GET", "POST"])
bp.add_url_rule("/modul", "module_list", settings(module_views.module_list))
bp.add_url_rule("/modul/<key>/aktifkan", "module_enable", settings(module_views.module_enable), methods=["GET", "POST"])
bp.add_url_rule("/modul/<key>/nonaktifkan", "module_disable", settings(module_views.module_disable),
                methods=["GET", "POST"])
bp.add_url_rule("/modul/<key>/nama", "module_rename", settings(module_views.module_rename), methods=["POST"])
bp.add_url_rule("/modul/<key>/pengaturan", "module_settings", settings(module_views.module_settings),
                methods=["GET", "POST"])
bp.add_url_rule("/tampilan", "branding", settings(branding_views.appearance), methods=["GET", "POST"])
bp.add_url_rule("/tampilan/logo", "branding_logo", settings(branding_views.logo), methods=["POST"])
bp.add_url_rule("/tampilan/pratinjau.css", "branding_preview_css", settings(branding_views.preview_css))
bp.add_url_rule("/dokumen", "documents", settings(document_views.index))
bp.add_url_rule("/dokumen/sertifikat", "documents_certificate", settings(document_views.upload_certificate),
                methods=["POST"])
bp.add_url_rule("/dokumen/pejabat", "documents_signer", settings(document_views.save_signer), methods=["POST"])
bp.add_url_rule("/dokumen/pejabat/<int:signer_id>/hapus", "documents_signer_delete",
                settings(document_views.delete_signer), methods=["POST"])
bp.add_url_rule("/sms", "sms_gateway", settings(sms_views.settings), methods=["GET", "POST"])
