"""DCAT documents: the regency's catalogue (paged, ``modified_since``) and each dataset."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Response, abort, request, url_for

from kiblat.modules.satu_data.services import catalogue, dcat, search
from kiblat.modules.satu_data.services.packages import absolute
from kiblat.tenants.context import current_tenant

PAGE_SIZE = 100
JSONLD = "application/ld+json"


def _package(name: str) -> dict:
    dataset = catalogue.public_dataset(name)  # DCAT is public: internal datasets never appear
    if dataset is None:
        abort(404)
    return absolute(dataset.package, request.host_url)


def dataset_jsonld(name: str) -> Response:
    graph = dcat.dataset_graph(_package(name), url_for("satu_data.dataset_page", name=name, _external=True))
    return Response(dcat.as_jsonld(graph), mimetype=JSONLD)


def dataset_ttl(name: str) -> Response:
    graph = dcat.dataset_graph(_package(name), url_for("satu_data.dataset_page", name=name, _external=True))
    return Response(dcat.as_turtle(graph), mimetype="text/turtle")


def catalog_jsonld() -> Response:
    page = max(1, min(request.args.get("page", 1, type=int) or 1, 100_000))
    filters = []
    since = request.args.get("modified_since", "").strip()
    if since:
        try:
            moment = datetime.fromisoformat(since.replace("Z", "+00:00"))
        except ValueError:
            return Response('{"error": "modified_since harus tanggal ISO 8601"}', status=400, mimetype="application/json")
        filters.append(search.Filter("metadata_modified", (moment if moment.tzinfo else moment.replace(tzinfo=UTC), None)))
    query = search.SearchQuery(filters=filters, sort=[("package_id", False)], start=(page - 1) * PAGE_SIZE,
                               rows=PAGE_SIZE)
    result = catalogue.run(query)
    items = [(absolute(d.package, request.host_url), url_for("satu_data.dataset_page", name=d.name, _external=True))
             for d in result.datasets]
    args = {"modified_since": since} if since else {}
    next_url = (url_for("satu_data.catalog_jsonld", page=page + 1, _external=True, **args)
                if page * PAGE_SIZE < result.count else None)
    graph = dcat.catalog_graph(current_tenant.official_name, url_for("satu_data.catalog_jsonld", _external=True),
                               url_for("satu_data.portal", _external=True), items, next_url)
    return Response(dcat.as_jsonld(graph), mimetype=JSONLD)
