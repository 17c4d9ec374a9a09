"""Thin handlers: parse the request, call services, render."""

from __future__ import annotations

from flask import Response, abort, render_template, request

from kiblat.modules.pengumuman.models import Announcement
from kiblat.modules.pengumuman.services import announcements, media
from kiblat.platform.identity.sessions import has_permission
from kiblat.platform.modular.settings import module_settings
from kiblat.platform.uploads import send_download
from kiblat.platform.web.page_cache import cached_for_anonymous
from kiblat.tenants.database import tenant_db

COVER_MAX_AGE = 24 * 3600  # a new cover gets a new address (its key), so a day's caching is safe


# Renewed when an announcement changes (the manifest's public_tables) and when one comes out or
# stops being pinned at its time.
@cached_for_anonymous(changes_in=announcements.seconds_until_next_change)
def index() -> str:
    per_page = module_settings("pengumuman")["items_per_page"]
    page = request.args.get("halaman", 1, type=int) or 1
    return render_template("pengumuman/index.html", page=announcements.published_page(page, per_page),
                           is_pinned=media.is_pinned)


@cached_for_anonymous(changes_in=announcements.seconds_until_next_change)
def detail(announcement_id: int) -> str:
    announcement = announcements.get_published(announcement_id)
    if announcement is None:
        abort(404)
    return render_template("pengumuman/detail.html", announcement=announcement, is_pinned=media.is_pinned)


def _readable(announcement_id: int) -> tuple[Announcement, bool]:
    """A published announcement for everyone, any announcement for Humas (the editor's preview)."""
    published = announcements.get_published(announcement_id)
    if published is not None:
        return published, True
    found = tenant_db.session.get(Announcement, announcement_id)
    if found is None or not has_permission("pengumuman.publish"):
        abort(404)
    return found, False


def cover(announcement_id: int) -> Response:
    found, public = _readable(announcement_id)
    if not found.cover_key:
        abort(404)
    extension = ".png" if found.cover_media_type == "image/png" else ".jpg"
    return send_download(media.read(found.cover_key), download_name=f"sampul-{found.id}{extension}",
                         media_type=found.cover_media_type, inline=True,
                         max_age=COVER_MAX_AGE if public else None, public=public)


def attachment(announcement_id: int, attachment_id: int) -> Response:
    found, _public = _readable(announcement_id)
    item = next((a for a in found.attachments if a.id == attachment_id), None)
    if item is None:
        abort(404)
    # Always a download (Content-Disposition: attachment), never opened inside the regency's site.
    return send_download(media.read(item.storage_key), download_name=item.display_name, media_type="application/pdf")


def feed() -> Response:
    xml = render_template("pengumuman/rss.xml", items=announcements.latest(announcements.FEED_ITEMS))
    return Response(xml, mimetype="application/rss+xml")
