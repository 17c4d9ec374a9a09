"""Pengumuman's endpoints in the regency's API (``/api/v1/pengumuman``)."""

from __future__ import annotations

from flask import url_for

from kiblat.modules.pengumuman.models import Announcement
from kiblat.modules.pengumuman.services import announcements as services
from kiblat.modules.pengumuman.services.categories import DEFAULT_CATEGORIES
from kiblat.platform.api.auth import current_api_client
from kiblat.platform.api.errors import ApiError
from kiblat.platform.api.formats import rfc3339
from kiblat.platform.api.routes import PAGE_PARAMETERS, ApiRoutes, page_args
from kiblat.platform.modular.settings import module_settings

api = ApiRoutes("pengumuman", "Pengumuman resmi pemerintah daerah")

ANNOUNCEMENT = {
    "type": "object",
    "required": ["id", "title", "body", "published_at", "url"],
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "body": {"type": "string"},
        "category": {"type": ["object", "null"], "properties": {"key": {"type": "string"}, "name": {"type": "string"}}},
        "author_name": {"type": "string"},
        "published_at": {"type": "string", "format": "date-time"},
        "url": {"type": "string", "format": "uri"},
    },
}
PAGE = {
    "type": "object",
    "required": ["items", "page", "pages", "per_page", "total"],
    "properties": {
        "items": {"type": "array", "items": ANNOUNCEMENT},
        "page": {"type": "integer"}, "pages": {"type": "integer"},
        "per_page": {"type": "integer"}, "total": {"type": "integer"},
    },
}
NEW_ANNOUNCEMENT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["title", "body"],
    "properties": {
        "title": {"type": "string", "minLength": 1, "maxLength": services.TITLE_MAX},
        "body": {"type": "string", "minLength": 1, "maxLength": services.BODY_MAX},
        "category": {"type": "string", "enum": [key for key, _name in DEFAULT_CATEGORIES], "default": "umum"},
        "author_name": {"type": "string", "maxLength": 120},
    },
}


def _as_json(announcement: Announcement) -> dict:
    category = announcement.category
    return {
        "id": announcement.id,
        "title": announcement.title,
        "body": announcement.body,
        "category": {"key": category.key, "name": category.name} if category else None,
        "author_name": announcement.author_name,
        "published_at": rfc3339(announcement.published_at),
        "url": url_for("pengumuman.detail", announcement_id=announcement.id, _external=True),
    }


@api.route("/pengumuman", "GET", name="list", summary="Daftar pengumuman yang sudah terbit",
           parameters=PAGE_PARAMETERS, response_schema=PAGE)
def list_announcements() -> dict:
    page, per_page = page_args(default_per_page=module_settings("pengumuman")["items_per_page"])
    result = services.published_page(page, per_page)
    return {"items": [_as_json(a) for a in result.items], "page": result.page, "pages": result.pages,
            "per_page": per_page, "total": result.total}


@api.route("/pengumuman", "POST", name="create", summary="Menerbitkan pengumuman", scope="pengumuman.write",
           body=NEW_ANNOUNCEMENT, status=201, response_schema=ANNOUNCEMENT)
def create_announcement(body: dict) -> tuple[dict, int, dict]:
    client = current_api_client()
    author = body.get("author_name") or (client.name if client else "")
    try:
        announcement = services.publish(body["title"], body["body"], body.get("category", "umum"), author)
    except services.AnnouncementError as exc:
        raise ApiError(400, "validation_error", f"{exc}.") from None
    data = _as_json(announcement)
    return data, 201, {"Location": data["url"]}
