"""URL map of Desa Terhubung."""

from flask import Blueprint

from kiblat.modules.desa_terhubung.views import manage, public, reports, survey, verify

bp = Blueprint("desa_terhubung", __name__, template_folder="templates", static_folder="static")
POST, BOTH = ["POST"], ["GET", "POST"]

bp.add_url_rule("/", "index", public.index)
bp.add_url_rule("/desa/<code>", "detail", public.detail)
bp.add_url_rule("/terdekat", "nearest", public.nearest)
bp.add_url_rule("/status.csv", "status_csv", reports.status_csv)

bp.add_url_rule("/survei", "survey", survey.record, methods=BOTH)
bp.add_url_rule("/survei/<int:survey_id>", "survey_detail", survey.detail)
bp.add_url_rule("/survei/<int:survey_id>/foto", "survey_photo", survey.photo)

bp.add_url_rule("/verifikasi", "verify_queue", verify.queue)
bp.add_url_rule("/survei/<int:survey_id>/verifikasi", "verify", verify.verify, methods=POST)
bp.add_url_rule("/survei/<int:survey_id>/tanyakan", "question", verify.question, methods=POST)

bp.add_url_rule("/kelola", "manage", manage.manage)
bp.add_url_rule("/kelola/target", "set_target", manage.set_target, methods=POST)
bp.add_url_rule("/kelola/rencana", "add_plan", manage.add_plan, methods=POST)
bp.add_url_rule("/kelola/rencana/<int:plan_id>/status", "plan_status", manage.plan_status, methods=POST)
bp.add_url_rule("/kelola/operator", "add_operator", manage.add_operator, methods=POST)
bp.add_url_rule("/kelola/pelatihan", "add_training", manage.add_training, methods=POST)
bp.add_url_rule("/kelola/pelatihan/<int:training_id>/hadir", "attend", manage.attend, methods=POST)
