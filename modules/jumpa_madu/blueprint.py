"""URL map of Jumpa Madu."""

from flask import Blueprint

from kiblat.modules.jumpa_madu.views import citizen, collector, officer, operator, reports

bp = Blueprint("jumpa_madu", __name__, template_folder="templates")
POST, BOTH = ["POST"], ["GET", "POST"]

bp.add_url_rule("/", "index", citizen.index)
bp.add_url_rule("/daftar", "register", citizen.register, methods=BOTH)
bp.add_url_rule("/tabungan", "account", citizen.account)
bp.add_url_rule("/jemput", "request_pickup", citizen.request_pickup, methods=BOTH)
bp.add_url_rule("/jemput/<int:pickup_id>/foto", "pickup_photo", citizen.pickup_photo)
bp.add_url_rule("/jemput/<int:pickup_id>/batal", "cancel_pickup", citizen.cancel_pickup, methods=POST)
bp.add_url_rule("/tarik", "withdraw", citizen.withdraw, methods=POST)
bp.add_url_rule("/setoran/<int:deposit_id>", "receipt", citizen.receipt)

bp.add_url_rule("/rute", "route", collector.route)
bp.add_url_rule("/rute/<int:pickup_id>/timbang", "weigh", collector.weigh, methods=BOTH)

bp.add_url_rule("/operator/daftar", "operator_register", operator.register, methods=BOTH)
bp.add_url_rule("/operator/jemput", "operator_pickup", operator.pickup, methods=BOTH)

bp.add_url_rule("/kelola", "manage", officer.manage)
bp.add_url_rule("/kelola/setor", "walk_in", officer.walk_in, methods=BOTH)
bp.add_url_rule("/kelola/jemput/<int:pickup_id>/jadwal", "schedule", officer.schedule, methods=POST)
bp.add_url_rule("/kelola/jemput/<int:pickup_id>/tugaskan", "assign", officer.assign, methods=POST)
bp.add_url_rule("/kelola/jemput/<int:pickup_id>/batal", "cancel", officer.cancel, methods=POST)
bp.add_url_rule("/kelola/tarik/<int:withdrawal_id>/setujui", "approve", officer.approve, methods=POST)
bp.add_url_rule("/kelola/tarik/<int:withdrawal_id>/bayar", "pay", officer.pay, methods=POST)
bp.add_url_rule("/kelola/tarik/<int:withdrawal_id>/tolak", "reject", officer.reject, methods=POST)
bp.add_url_rule("/kelola/koreksi/<int:entry_id>", "correct", officer.correct, methods=POST)

bp.add_url_rule("/laporan", "report", reports.report)
bp.add_url_rule("/laporan.csv", "report_csv", reports.report_csv)
