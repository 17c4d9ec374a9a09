"""Thin handlers: parse the request, call services, render."""

from __future__ import annotations

from flask import Response, abort, render_template, request

from kiblat.modules.pengumuman import services
from kiblat.tenants.context import current_tenant


def index() -> str:
    per_page = current_tenant.settings_for("pengumuman").get("items_per_page", 10)
    page = request.args.get("halaman", 1, type=int) or 1
    return render_template("pengumuman/index.html", page=services.published_page(page, per_page))


def detail(announcement_id: int) -> str:
    announcement = services.get_published(announcement_id)
    if announcement is None:
        abort(404)
    return render_template("pengumuman/detail.html", announcement=announcement)


def feed() -> Response:
    xml = render_template("pengumuman/rss.xml", items=services.latest(20))
    return Response(xml, mimetype="application/rss+xml")
