"""URL maps: the wizard and staff review on the platform host, the landing on a regency's host."""

from __future__ import annotations

from flask import Blueprint

from kiblat.platform.onboarding import staff_views, views
from kiblat.platform.web.hosts import require_platform_host, require_tenant_host

bp = Blueprint("onboarding", __name__, url_prefix="/bergabung", template_folder="templates")
staff_bp = Blueprint("onboarding_staff", __name__, url_prefix="/staff/onboarding", template_folder="templates")
landing_bp = Blueprint("onboarding_landing", __name__, template_folder="templates")


bp.before_request(require_platform_host)
staff_bp.before_request(require_platform_host)
landing_bp.before_request(require_tenant_host)


bp.add_url_rule("/", "start", views.start)
bp.add_url_rule("/akun", "create_account", views.create_account, methods=["GET", "POST"])
bp.add_url_rule("/masuk", "sign_in", views.sign_in, methods=["GET", "POST"])
bp.add_url_rule("/keluar", "sign_out", views.sign_out, methods=["POST"])
bp.add_url_rule("/cek-email", "check_email", views.check_email)
bp.add_url_rule("/kirim-ulang", "resend", views.resend, methods=["POST"])
bp.add_url_rule("/verifikasi/<token>", "verify", views.verify)
bp.add_url_rule("/langkah/<step>", "step", views.step, methods=["GET", "POST"])
bp.add_url_rule("/ringkasan", "summary", views.summary, methods=["GET", "POST"])
bp.add_url_rule("/status", "status", views.status)
bp.add_url_rule("/status.json", "status_json", views.status_json)
bp.add_url_rule("/buka", "enter_regency", views.enter_regency, methods=["POST"])
bp.add_url_rule("/pratinjau.css", "preview_css", views.preview_css)
bp.add_url_rule("/logo", "logo", views.logo)

staff_bp.add_url_rule("/", "index", staff_views.index, methods=["GET", "POST"])
staff_bp.add_url_rule("/domain", "domain_add", staff_views.domain_add, methods=["POST"])
staff_bp.add_url_rule("/domain/hapus", "domain_remove", staff_views.domain_remove, methods=["POST"])
staff_bp.add_url_rule("/<int:request_id>", "detail", staff_views.detail, methods=["GET", "POST"])
staff_bp.add_url_rule("/<int:request_id>/surat", "letter", staff_views.letter)

landing_bp.add_url_rule("/bergabung-masuk/<token>", "land", views.land)
