"""CKAN's Action API (version 3) over a catalogue: the read actions that CKAN clients and
CKAN's harvester use, with CKAN's parameters, answers and errors.

A catalogue is any object with ``search(query)``, ``package(name_or_id)``,
``organizations()`` and ``groups()``: the regency's own (``TenantCatalogue``) or the
national index on the platform host."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Protocol

from kiblat.modules.satu_data.services import search

MAX_LIST = 1000
CKAN_VERSION = "2.11.0"


class ActionError(Exception):
    """An answer in CKAN's error envelope: ``status`` 400/403/404/409, ``kind`` its ``__type``."""

    def __init__(self, status: int, kind: str, message: str | None = None, fields: dict | None = None) -> None:
        super().__init__(message or kind)
        self.status, self.kind, self.message, self.fields = status, kind, message, fields or {}

    def error(self) -> dict:
        body: dict[str, Any] = {"__type": self.kind}
        if self.message is not None:
            body["message"] = self.message
        body.update(self.fields)
        return body


class Catalogue(Protocol):
    facets: dict[str, str]
    fields: dict[str, str]

    def search(self, query: search.SearchQuery) -> tuple[int, list[dict], dict[str, list[tuple[str, int]]]]: ...
    def package(self, name_or_id: str) -> dict | None: ...
    def organizations(self) -> list[dict]: ...
    def groups(self) -> list[dict]: ...
    def site_title(self) -> str: ...


def _integer(params: dict, name: str, default: int, low: int, high: int | None = None) -> int:
    value = params.get(name, default)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ActionError(409, "Validation Error", fields={name: ["Invalid integer"]}) from None
    if number < low or (high is not None and number > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ActionError(409, "Validation Error", fields={name: [f"Must be {bound}"]})
    return number


def _text(params: dict, name: str) -> str:
    value = params.get(name, "")
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    if not isinstance(value, str | int | float):
        raise ActionError(409, "Validation Error", fields={name: ["Must be a string"]})
    return str(value)


def _required(params: dict, name: str) -> str:
    value = _text(params, name).strip()
    if not value:
        raise ActionError(409, "Validation Error", fields={name: ["Missing value"]})
    return value


def _facet_fields(params: dict, catalogue: Catalogue) -> list[str]:
    raw = params.get("facet.field")
    if raw in (None, ""):
        return []
    if isinstance(raw, str):

        try:
            raw = json.loads(raw)
        except ValueError:
            raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(f, str) for f in raw):
        raise ActionError(409, "Validation Error", fields={"facet.field": ["Must be a list of field names"]})
    unknown = [f for f in raw if f not in catalogue.facets]
    if unknown:
        raise ActionError(409, "Search Query Error", f"Unknown facet field: {', '.join(unknown)}")
    return raw


def package_search(catalogue: Catalogue, params: dict) -> dict:
    rows = _integer(params, "rows", 10, 0, MAX_LIST)
    start = _integer(params, "start", 0, 0)
    facet_limit = _integer(params, "facet.limit", 50, -1)
    try:
        filters = search.parse_terms(_text(params, "fq"), catalogue.fields)
        q = _text(params, "q").strip()
        text = ""
        if q in ("*:*", "*"):
            q = ""
        if q and ":" in q:
            filters += search.parse_terms(q, catalogue.fields)
        else:
            text = q
        sort = search.parse_sort(_text(params, "sort") or "score desc, metadata_modified desc")
        sort = sort or [("metadata_modified", True)]
    except search.SearchError as exc:
        raise ActionError(409, "Search Query Error", f"Search Query is invalid: {exc}") from None
    facet_fields = _facet_fields(params, catalogue)
    query = search.SearchQuery(text=text, filters=filters, sort=sort, start=start, rows=rows,
                               facet_fields=facet_fields, facet_limit=facet_limit if facet_limit >= 0 else 10_000)
    count, packages, facets = catalogue.search(query)
    labels = catalogue.facet_labels(facets) if facets and hasattr(catalogue, "facet_labels") else {}
    search_facets = {
        name: {"title": name, "items": [{"name": value, "display_name": labels.get(name, {}).get(value, value),
                                         "count": n} for value, n in items]}
        for name, items in facets.items()}
    return {"count": count, "results": packages, "sort": _text(params, "sort") or "score desc, metadata_modified desc",
            "facets": {name: dict(items) for name, items in facets.items()}, "search_facets": search_facets}


def package_show(catalogue: Catalogue, params: dict) -> dict:
    name = _required(params, "id")
    package = catalogue.package(name)
    if package is None:
        raise ActionError(404, "Not Found Error", "Not found")
    return package


def package_list(catalogue: Catalogue, params: dict) -> list[str]:
    limit = _integer(params, "limit", MAX_LIST, 0, MAX_LIST)
    offset = _integer(params, "offset", 0, 0)
    query = search.SearchQuery(sort=[("name", False)], start=offset, rows=limit)
    return [p["name"] for p in catalogue.search(query)[1]]


def current_package_list_with_resources(catalogue: Catalogue, params: dict) -> list[dict]:
    limit = _integer(params, "limit", 100, 0, MAX_LIST)
    offset = _integer(params, "offset", 0, 0)
    query = search.SearchQuery(sort=[("metadata_modified", True)], start=offset, rows=limit)
    return catalogue.search(query)[1]


def _named(items: list[dict], params: dict) -> list:
    all_fields = str(params.get("all_fields", "")).lower() in ("true", "1", "yes")
    limit = _integer(params, "limit", MAX_LIST, 0, MAX_LIST)
    offset = _integer(params, "offset", 0, 0)
    wanted = params.get("organizations") or params.get("groups")
    items = sorted(items, key=lambda item: item["name"])
    if isinstance(wanted, list):
        items = [item for item in items if item["name"] in wanted]
    items = items[offset:offset + limit]
    return items if all_fields else [item["name"] for item in items]


def organization_list(catalogue: Catalogue, params: dict) -> list:
    return _named(catalogue.organizations(), params)


def group_list(catalogue: Catalogue, params: dict) -> list:
    return _named(catalogue.groups(), params)


def _show(items: list[dict], params: dict, facet: str, catalogue: Catalogue) -> dict:
    wanted = _required(params, "id")
    found = next((item for item in items if wanted in (item["name"], item["id"])), None)
    if found is None:
        raise ActionError(404, "Not Found Error", "Not found")
    result = dict(found)
    if str(params.get("include_datasets", "")).lower() in ("true", "1"):
        query = search.SearchQuery(filters=[search.Filter(catalogue.facets[facet], found["name"])],
                                   sort=[("name", False)], rows=MAX_LIST)
        result["packages"] = catalogue.search(query)[1]
    return result


def organization_show(catalogue: Catalogue, params: dict) -> dict:
    return _show(catalogue.organizations(), params, "organization", catalogue)


def group_show(catalogue: Catalogue, params: dict) -> dict:
    return _show(catalogue.groups(), params, "groups", catalogue)


def tag_list(catalogue: Catalogue, params: dict) -> list:
    query = search.SearchQuery(rows=0, facet_fields=["tags"], facet_limit=MAX_LIST)
    tags = sorted(name for name, _ in catalogue.search(query)[2].get("tags", []))
    prefix = _text(params, "query").strip().lower()
    tags = [t for t in tags if t.startswith(prefix)] if prefix else tags
    if str(params.get("all_fields", "")).lower() in ("true", "1"):
        return [{"id": t, "name": t, "vocabulary_id": None} for t in tags]
    return tags


def resource_show(catalogue: Catalogue, params: dict) -> dict:
    wanted = _required(params, "id")
    resource = catalogue.resource(wanted)
    if resource is None:
        raise ActionError(404, "Not Found Error", "Not found")
    return resource


def status_show(catalogue: Catalogue, params: dict) -> dict:
    return {"ckan_version": CKAN_VERSION, "site_title": catalogue.site_title(), "site_description": "",
            "site_url": catalogue.site_url(), "extensions": ["dcat", "satu_data"], "locale_default": "id"}


ACTIONS: dict[str, Callable[[Catalogue, dict], Any]] = {
    "status_show": status_show, "package_list": package_list, "package_search": package_search,
    "package_show": package_show, "current_package_list_with_resources": current_package_list_with_resources,
    "organization_list": organization_list, "organization_show": organization_show, "group_list": group_list,
    "group_show": group_show, "tag_list": tag_list, "resource_show": resource_show,
}


def call(catalogue: Catalogue, action: str, params: dict) -> Any:
    """The ``result`` of ``action``, or ActionError."""
    handler = ACTIONS.get(action)
    if handler is None:
        raise ActionError(400, "Bad request - Action name not known", f"Action name not known: {action[:80]}")
    if not isinstance(params, dict):
        raise ActionError(400, "Bad request", "Request data must be a JSON object")
    return handler(catalogue, params)
