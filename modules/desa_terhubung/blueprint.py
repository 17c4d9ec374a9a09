"""URL map of Desa Terhubung."""

from flask import Blueprint

from kiblat.modules.desa_terhubung.views import public, reports, survey, verify

bp = Blueprint("desa_terhubung", __name__, template_folder="templates", static_folder="static")
POST, BOTH = ["POST"], ["GET", "POST"]

bp.add_url_rule("/", "index", public.index)
bp.add_url_rule("/desa/<code>", "detail", public.detail)
bp.add_url_rule("/status.csv", "status_csv", reports.status_csv)

bp.add_url_rule("/survei", "survey", survey.record, methods=BOTH)
bp.add_url_rule("/survei/<int:survey_id>", "survey_detail", survey.detail)
bp.add_url_rule("/survei/<int:survey_id>/foto", "survey_photo", survey.photo)

bp.add_url_rule("/verifikasi", "verify_queue", verify.queue)
bp.add_url_rule("/survei/<int:survey_id>/verifikasi", "verify", verify.verify, methods=POST)
bp.add_url_rule("/survei/<int:survey_id>/tanyakan", "question", verify.question, methods=POST)
