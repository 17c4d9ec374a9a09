"""URL map of the Pengumuman module."""

from flask import Blueprint

from kiblat.modules.pengumuman import views

bp = Blueprint("pengumuman", __name__, template_folder="templates")
bp.add_url_rule("/", "index", views.index)
bp.add_url_rule("/<int:announcement_id>", "detail", views.detail)
bp.add_url_rule("/rss.xml", "feed", views.feed)
