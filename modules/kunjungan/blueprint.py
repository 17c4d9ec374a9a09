"""URL map of Kunjungan."""

from flask import Blueprint

from kiblat.modules.kunjungan.views import counter, editor, gate, online, reports, visitor

bp = Blueprint("kunjungan", __name__, template_folder="templates", static_folder="static")
POST, BOTH = ["POST"], ["GET", "POST"]

bp.add_url_rule("/", "index", visitor.index)
bp.add_url_rule("/tiket", "my_tickets", visitor.my_tickets)
bp.add_url_rule("/<place_key>/pesan", "book", visitor.book, methods=BOTH)
bp.add_url_rule("/pesanan/<code>", "booking_page", visitor.booking_page)
bp.add_url_rule("/pesanan/<code>/tiket.pdf", "booking_pdf", visitor.booking_pdf)
bp.add_url_rule("/pesanan/<code>/kunjungan.ics", "booking_ics", visitor.booking_ics)
bp.add_url_rule("/pesanan/<code>/batal", "cancel", visitor.cancel, methods=POST)

bp.add_url_rule("/pesanan/<code>/bayar-online", "pay_online", online.pay, methods=POST)
bp.add_url_rule("/stripe/webhook", "stripe_webhook", online.webhook, methods=POST)
bp.add_url_rule("/pembayaran-online", "online_settings", online.settings_page, methods=BOTH)

bp.add_url_rule("/<place_key>/loket", "counter", counter.counter, methods=BOTH)
bp.add_url_rule("/pesanan/<code>/bayar", "pay", counter.pay, methods=POST)

bp.add_url_rule("/gerbang-sw.js", "gate_worker", gate.gate_worker)
bp.add_url_rule("/<place_key>/gerbang", "gate", gate.gate_page, methods=BOTH)
bp.add_url_rule("/<place_key>/gerbang/daftar.json", "gate_list", gate.gate_list)
bp.add_url_rule("/<place_key>/gerbang/sinkron", "gate_sync", gate.gate_sync, methods=POST)

bp.add_url_rule("/<place_key>/laporan", "report", reports.report)

bp.add_url_rule("/<place_key>/atur", "editor", editor.editor_page)
bp.add_url_rule("/<place_key>/atur/tempat", "place_save", editor.place_save, methods=POST)
bp.add_url_rule("/<place_key>/atur/tiket", "ticket_type_save", editor.ticket_type_save, methods=POST)
bp.add_url_rule("/<place_key>/atur/sesi", "rule_add", editor.rule_add, methods=POST)
bp.add_url_rule("/<place_key>/atur/sesi/ubah", "rule_update", editor.rule_update, methods=POST)
bp.add_url_rule("/<place_key>/atur/tutup", "closure_add", editor.closure_add, methods=POST)
bp.add_url_rule("/<place_key>/atur/tutup/hapus", "closure_remove", editor.closure_remove, methods=POST)
