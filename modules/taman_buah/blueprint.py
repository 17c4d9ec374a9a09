"""URL map of Taman Buah."""

from flask import Blueprint

from kiblat.modules.taman_buah.views import manage, public, weigh

bp = Blueprint("taman_buah", __name__, template_folder="templates")
POST, BOTH = ["POST"], ["GET", "POST"]

bp.add_url_rule("/", "index", public.index)
bp.add_url_rule("/panen", "calendar", public.calendar)
bp.add_url_rule("/panen/<key>/kabari", "subscribe", public.subscribe, methods=POST)
bp.add_url_rule("/berhenti/<token>", "unsubscribe", public.unsubscribe)
bp.add_url_rule("/foto/<int:photo_id>", "photo", public.photo)

bp.add_url_rule("/timbang", "weigh", weigh.weigh, methods=BOTH)
bp.add_url_rule("/penjualan/<int:sale_id>", "receipt", weigh.receipt)

bp.add_url_rule("/kelola", "manage", manage.manage)
bp.add_url_rule("/kelola/status", "status", manage.status, methods=POST)
bp.add_url_rule("/kelola/harga", "price", manage.price, methods=POST)
bp.add_url_rule("/kelola/foto", "photo_upload", manage.photo_upload, methods=POST)
bp.add_url_rule("/kelola/taman", "park_texts", manage.park_texts, methods=POST)
bp.add_url_rule("/laporan", "report", manage.report)
