"""URL map of Sri Deli."""

from flask import Blueprint

from kiblat.modules.sri_deli.views import (
    citizen,
    common,
    manage,
    officer,
    online,
    public,
    treasurer,
)

bp = Blueprint("sri_deli", __name__, template_folder="templates", static_folder="static")

bp.context_processor(common.labels)
bp.add_url_rule("/", "index", public.index)
bp.add_url_rule("/izin/<key>", "permit", public.permit, methods=["GET"])
bp.add_url_rule("/lacak", "track", public.track, methods=["GET", "POST"])
bp.add_url_rule("/verifikasi/<token>", "verify", public.verify)
bp.add_url_rule("/izin/<key>/ajukan", "apply", citizen.apply, methods=["GET", "POST"])
bp.add_url_rule("/saya", "mine", citizen.mine)
bp.add_url_rule("/saya/<int:application_id>", "my_application", citizen.detail, methods=["GET", "POST"])
bp.add_url_rule("/saya/<int:application_id>/izin.pdf", "my_pdf", citizen.pdf)
bp.add_url_rule("/petugas", "queue", officer.queue)
bp.add_url_rule("/petugas/<int:application_id>", "work", officer.work, methods=["GET", "POST"])
bp.add_url_rule("/petugas/<int:application_id>/dokumen/<int:document_id>", "document", officer.document)
bp.add_url_rule("/kelola/katalog", "catalogue", manage.catalogue_list)
bp.add_url_rule("/kelola/katalog/baru", "catalogue_new", manage.catalogue_edit, methods=["GET", "POST"])
bp.add_url_rule("/kelola/katalog/hitung", "catalogue_calculate", manage.catalogue_calculate)
bp.add_url_rule("/kelola/katalog/<key>", "catalogue_edit", manage.catalogue_edit, methods=["GET", "POST"])
bp.add_url_rule("/kelola/katalog/<key>/terbit", "catalogue_publish", manage.catalogue_publish, methods=["POST"])
bp.add_url_rule("/kelola/libur", "holidays", manage.holiday_list, methods=["GET", "POST"])
bp.add_url_rule("/kelola/laporan", "report", manage.report)
bp.add_url_rule("/kelola/laporan.csv", "report_csv", manage.report_csv)
bp.add_url_rule("/bendahara", "bills", treasurer.bills)
bp.add_url_rule("/bendahara/<int:bill_id>", "bill", treasurer.bill, methods=["GET", "POST"])
bp.add_url_rule("/bendahara/penerimaan", "receipts", treasurer.receipts)
bp.add_url_rule("/saya/<int:application_id>/bayar-online", "pay_online", online.pay, methods=["POST"])
bp.add_url_rule("/stripe/webhook", "stripe_webhook", online.webhook, methods=["POST"])
bp.add_url_rule("/kelola/pembayaran-online", "online_settings", online.settings_page, methods=["GET", "POST"])
