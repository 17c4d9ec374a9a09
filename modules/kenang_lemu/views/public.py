"""Public pages: faceted browse and search, object pages, images, exhibitions."""

from __future__ import annotations

from flask import Response, abort, request

from kiblat.modules.kenang_lemu.services import catalogue, exhibitions, images, museum, settings
from kiblat.modules.kenang_lemu.views.common import render
from kiblat.platform.identity.sessions import has_permission
from kiblat.platform.uploads import send_download

YEAR = 365 * 24 * 3600


def index() -> str:
    query = catalogue.Browse(text=(request.args.get("q") or "").strip()[:200],
                             filters={f: (request.args.get(f) or "").strip()[:160] for f in catalogue.FACETS
                                      if request.args.get(f)},
                             page=request.args.get("halaman", 1, type=int) or 1)
    result = catalogue.browse(query, settings.per_page())
    return render("index.html", museum=museum.museum(), query=query, result=result,
                  exhibitions=exhibitions.all_exhibitions()[:4])


def detail(object_id: int) -> str:
    obj = catalogue.get_published(object_id)
    if obj is None:
        abort(404)
    shown_in = [e for e in exhibitions.all_exhibitions() if any(i.object_id == obj.id for i in e.items)]
    return render("object.html", obj=obj, museum=museum.museum(), shown_in=shown_in)


def image(image_id: int, size: str) -> Response:
    found = images.get(image_id)
    if found is None or size not in images.SIZES:
        abort(404)
    if not found.object.published and not has_permission("kenang_lemu.curate"):
        abort(404)
    response = send_download(images.content(found, size), download_name=f"{found.object.inventory_number}-{size}.jpg",
                             media_type="image/jpeg", inline=True, max_age=YEAR if found.object.published else 0,
                             public=found.object.published)
    if found.object.published:
        response.cache_control.immutable = True  # an image id and size never change content
    return response


def exhibition_list() -> str:
    shown = exhibitions.all_exhibitions()
    covers = {e.id: next(iter(exhibitions.public_objects(e)), None) for e in shown}
    return render("exhibitions.html", shown=shown, covers=covers,
                  thumbnails=catalogue.first_images([o.id for o in covers.values() if o]))


def exhibition(slug: str) -> str:
    found = exhibitions.by_slug(slug)
    if found is None:
        abort(404)
    objects = exhibitions.public_objects(found)
    return render("exhibition.html", exhibition=found, objects=objects,
                  thumbnails=catalogue.first_images([o.id for o in objects]))
