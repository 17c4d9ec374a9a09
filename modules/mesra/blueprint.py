"""URL map of MeSRA Bertuah."""

from flask import Blueprint

from kiblat.modules.mesra.views import cases, custody, manage, public, sra

bp = Blueprint("mesra", __name__, template_folder="templates")
bp.add_url_rule("/", "index", public.index)
bp.add_url_rule("/lapor", "report_new", public.report_new, methods=["GET", "POST"])
bp.add_url_rule("/lapor/cek", "lookup", public.lookup, methods=["GET", "POST"])
bp.add_url_rule("/statistik", "statistics", public.statistics_page)
bp.add_url_rule("/lapor/balas", "reply", public.reply, methods=["POST"])
bp.add_url_rule("/sekolah", "schools", manage.schools, methods=["GET", "POST"])
bp.add_url_rule("/sekolah/impor", "schools_import", manage.schools_import, methods=["POST"])
bp.add_url_rule("/sekolah/<int:school_id>", "school", manage.school)
bp.add_url_rule("/sekolah/<int:school_id>/tppk", "school_team", manage.school_team, methods=["POST"])
bp.add_url_rule("/sekolah/<int:school_id>/anggota", "member_add", manage.member_add, methods=["POST"])
bp.add_url_rule("/sekolah/<int:school_id>/anggota/<int:member_id>/hapus", "member_remove", manage.member_remove,
                methods=["POST"])
bp.add_url_rule("/satgas", "satgas", manage.satgas, methods=["GET", "POST"])
bp.add_url_rule("/satgas/<int:member_id>/nonaktif", "satgas_off", manage.satgas_off, methods=["POST"])
bp.add_url_rule("/kasus", "cases", cases.case_list)
bp.add_url_rule("/kasus/catat", "case_record", cases.case_record, methods=["GET", "POST"])
bp.add_url_rule("/kasus/<int:report_id>", "case", cases.case_detail)
bp.add_url_rule("/kasus/<int:report_id>/pesan", "case_message", cases.case_message, methods=["POST"])
bp.add_url_rule("/kasus/<int:report_id>/lanjut", "case_advance", cases.case_advance, methods=["POST"])
bp.add_url_rule("/kasus/<int:report_id>/limpahkan", "case_escalate", cases.case_escalate, methods=["POST"])
bp.add_url_rule("/kasus/<int:report_id>/tutup", "case_close", cases.case_close, methods=["POST"])
bp.add_url_rule("/kasus/<int:report_id>/berkas/<int:file_id>", "case_file", cases.case_file)
bp.add_url_rule("/kasus/<int:report_id>/identitas", "identity", custody.identity, methods=["GET", "POST"])
bp.add_url_rule("/kustodian", "custody", custody.custody)
bp.add_url_rule("/kustodian/<int:request_id>", "custody_decide", custody.custody_decide, methods=["POST"])
bp.add_url_rule("/sra", "sra_overview", sra.sra_overview)
bp.add_url_rule("/sekolah/<int:school_id>/sra", "sra_school", sra.sra_school, methods=["GET", "POST"])
bp.add_url_rule("/sekolah/<int:school_id>/sra/<int:year>/bukti", "sra_evidence_add", sra.sra_evidence_add,
                methods=["POST"])
bp.add_url_rule("/sekolah/<int:school_id>/sra/<int:year>/bukti/<int:evidence_id>", "sra_evidence",
                sra.sra_evidence)
bp.add_url_rule("/sekolah/<int:school_id>/sra/<int:year>/tinjau", "sra_review", sra.sra_review, methods=["POST"])
bp.add_url_rule("/sekolah-ramah-anak", "sra_public", sra.sra_public)
