"""Thin handlers: parse the request, call services, render."""

from __future__ import annotations

from flask import Response, abort, render_template, request

from kiblat.modules.pengumuman.services import announcements
from kiblat.platform.modular.settings import module_settings


def index() -> str:
    per_page = module_settings("pengumuman")["items_per_page"]
    page = request.args.get("halaman", 1, type=int) or 1
    return render_template("pengumuman/index.html", page=announcements.published_page(page, per_page))


def detail(announcement_id: int) -> str:
    announcement = announcements.get_published(announcement_id)
    if announcement is None:
        abort(404)
    return render_template("pengumuman/detail.html", announcement=announcement)


def feed() -> Response:
    xml = render_template("pengumuman/rss.xml", items=announcements.latest(announcements.FEED_ITEMS))
    return Response(xml, mimetype="application/rss+xml")
