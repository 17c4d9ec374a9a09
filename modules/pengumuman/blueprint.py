"""URL map of the Pengumuman module."""

from flask import Blueprint

from kiblat.modules.pengumuman.views import public

bp = Blueprint("pengumuman", __name__, template_folder="templates")
bp.add_url_rule("/", "index", public.index)
bp.add_url_rule("/<int:announcement_id>", "detail", public.detail)
bp.add_url_rule("/rss.xml", "feed", public.feed)
