"""URL map of Jumpa Madu."""

from flask import Blueprint

from kiblat.modules.jumpa_madu import (
    views,
    views_collector,
    views_officer,
    views_operator,
    views_reports,
)

bp = Blueprint("jumpa_madu", __name__, template_folder="templates")
POST, BOTH = ["POST"], ["GET", "POST"]

bp.add_url_rule("/", "index", views.index)
bp.add_url_rule("/daftar", "register", views.register, methods=BOTH)
bp.add_url_rule("/tabungan", "account", views.account)
bp.add_url_rule("/jemput", "request_pickup", views.request_pickup, methods=BOTH)
bp.add_url_rule("/jemput/<int:pickup_id>/foto", "pickup_photo", views.pickup_photo)
bp.add_url_rule("/jemput/<int:pickup_id>/batal", "cancel_pickup", views.cancel_pickup, methods=POST)
bp.add_url_rule("/tarik", "withdraw", views.withdraw, methods=POST)
bp.add_url_rule("/setoran/<int:deposit_id>", "receipt", views.receipt)

bp.add_url_rule("/rute", "route", views_collector.route)
bp.add_url_rule("/rute/<int:pickup_id>/timbang", "weigh", views_collector.weigh, methods=BOTH)

bp.add_url_rule("/operator/daftar", "operator_register", views_operator.register, methods=BOTH)
bp.add_url_rule("/operator/jemput", "operator_pickup", views_operator.pickup, methods=BOTH)

bp.add_url_rule("/kelola", "manage", views_officer.manage)
bp.add_url_rule("/kelola/setor", "walk_in", views_officer.walk_in, methods=BOTH)
bp.add_url_rule("/kelola/jemput/<int:pickup_id>/jadwal", "schedule", views_officer.schedule, methods=POST)
bp.add_url_rule("/kelola/jemput/<int:pickup_id>/tugaskan", "assign", views_officer.assign, methods=POST)
bp.add_url_rule("/kelola/jemput/<int:pickup_id>/batal", "cancel", views_officer.cancel, methods=POST)
bp.add_url_rule("/kelola/tarik/<int:withdrawal_id>/setujui", "approve", views_officer.approve, methods=POST)
bp.add_url_rule("/kelola/tarik/<int:withdrawal_id>/bayar", "pay", views_officer.pay, methods=POST)
bp.add_url_rule("/kelola/tarik/<int:withdrawal_id>/tolak", "reject", views_officer.reject, methods=POST)
bp.add_url_rule("/kelola/koreksi/<int:entry_id>", "correct", views_officer.correct, methods=POST)

bp.add_url_rule("/laporan", "report", views_reports.report)
bp.add_url_rule("/laporan.csv", "report_csv", views_reports.report_csv)
