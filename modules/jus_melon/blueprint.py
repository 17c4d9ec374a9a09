"""URL map of Jus Melon."""

from flask import Blueprint

from kiblat.modules.jus_melon.views import manage, owner, public

bp = Blueprint("jus_melon", __name__, template_folder="templates")
bp.add_url_rule("/", "index", public.index)
bp.add_url_rule("/verifikasi/<token>", "verify", public.verify)
bp.add_url_rule("/ajukan", "apply", owner.apply, methods=["GET", "POST"])
bp.add_url_rule("/lacak", "track", public.track, methods=["GET", "POST"])
bp.add_url_rule("/saya", "mine", owner.mine)
bp.add_url_rule("/saya/<int:business_id>", "detail", owner.detail)
bp.add_url_rule("/saya/<int:business_id>/iumk.pdf", "pdf", owner.pdf)
bp.add_url_rule("/petugas", "queue", manage.queue)
bp.add_url_rule("/petugas/<int:business_id>", "check", manage.check, methods=["GET", "POST"])
bp.add_url_rule("/petugas/<int:business_id>/foto", "photo", manage.photo)
bp.add_url_rule("/kelola/kegiatan", "activities", manage.activities_page, methods=["GET", "POST"])
