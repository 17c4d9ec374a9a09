"""URL map of the Pengumuman module."""

from flask import Blueprint

from kiblat.modules.pengumuman.views import manage, public

bp = Blueprint("pengumuman", __name__, template_folder="templates")
bp.add_url_rule("/", "index", public.index)
bp.add_url_rule("/<int:announcement_id>", "detail", public.detail)
bp.add_url_rule("/<int:announcement_id>/sampul", "cover", public.cover)
bp.add_url_rule("/<int:announcement_id>/lampiran/<int:attachment_id>", "attachment", public.attachment)
bp.add_url_rule("/rss.xml", "feed", public.feed)
bp.add_url_rule("/kelola", "manage_list", manage.manage_list)
bp.add_url_rule("/kelola/baru", "manage_new", manage.manage_new, methods=["GET", "POST"])
bp.add_url_rule("/kelola/<int:announcement_id>", "manage_edit", manage.manage_edit, methods=["GET", "POST"])
bp.add_url_rule("/kelola/<int:announcement_id>/tarik", "manage_withdraw", manage.manage_withdraw, methods=["POST"])
