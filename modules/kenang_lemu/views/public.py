"""Public pages: faceted browse and search, object pages, images, exhibitions."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import get_month_names
from flask import Response, abort, jsonify, render_template, request, url_for
from flask_babel import get_locale

from kiblat.modules.kenang_lemu.services import (
    catalogue,
    exhibitions,
    iiif,
    images,
    museum,
    settings,
)
from kiblat.modules.kenang_lemu.services import oai as oai_pmh
from kiblat.modules.kenang_lemu.views.common import render
from kiblat.platform.identity.sessions import has_permission
from kiblat.platform.uploads import send_download
from kiblat.tenants.context import current_tenant

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
        response.headers["Access-Control-Allow-Origin"] = "*"  # IIIF viewers elsewhere show it
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


def _object_url(object_id: int) -> str:
    return url_for("kenang_lemu.detail", object_id=object_id, _external=True)


def oai() -> Response:
    """OAI-PMH 2.0: GET arguments only (every pair, repeats kept, so they can be refused)."""
    body = oai_pmh.respond(list(request.args.items(multi=True)), url_for("kenang_lemu.oai", _external=True),
                           settings.oai_page_size(), _object_url)
    response = Response(body, mimetype="text/xml")
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def iiif_manifest(object_id: int) -> Response:
    obj = catalogue.get_published(object_id)
    if obj is None:
        abort(404)
    document = iiif.manifest(obj, url_for("kenang_lemu.iiif_manifest", object_id=obj.id, _external=True),
                             _object_url(obj.id),
                             lambda image_id, size: url_for("kenang_lemu.image", image_id=image_id, size=size,
                                                            _external=True))
    response = jsonify(document)
    response.mimetype = 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def sitemap() -> Response:
    """Published objects and exhibitions, for search engines (sitemaps.org 0.9)."""
    body = render_template("kenang_lemu/sitemap.xml", objects=catalogue.published_stamps(),
                           exhibitions=exhibitions.all_exhibitions())
    return Response(body, mimetype="application/xml")


def about() -> str:
    """The museum's profile, its visits (booked through Kunjungan) and this year's figures."""
    found = museum.museum()
    year = datetime.now(ZoneInfo(current_tenant.time_zone)).year
    return render("about.html", museum=found, figures=museum.year_figures(year),
                  months=get_month_names("wide", locale=get_locale()))
