"""What the module's views share: who is asking, and portal query strings."""

from __future__ import annotations

from flask import request

from kiblat.modules.satu_data.services import catalogue, search
from kiblat.modules.satu_data.services.access import PRODUCE, WALIDATA
from kiblat.platform.identity.sessions import current_permissions, get_current_user
from kiblat.tenants.context import get_current_tenant


def inside_regency() -> bool:
    """Signed in as staff of this regency: internal datasets are visible."""
    if get_current_tenant() is None or get_current_user() is None:
        return False
    return bool(current_permissions() & {PRODUCE, WALIDATA, "opd.work"})


FACET_PARAMS = ("organization", "groups", "tags", "res_format", "year")


def portal_query(per_page: int, facets: tuple[str, ...] = FACET_PARAMS) -> tuple[search.SearchQuery, dict, int]:
    """The search the page's query string asks for: ``q``, one value per facet, ``halaman``."""
    chosen = {name: request.args.get(name, "").strip()[:100] for name in facets if request.args.get(name)}
    page = max(1, min(request.args.get("halaman", 1, type=int) or 1, 10_000))
    columns = {**catalogue.FACETS, "regency": "regency"}
    filters = [search.Filter(columns[name], value) for name, value in chosen.items()]
    query = search.SearchQuery(text=request.args.get("q", "")[:200], filters=filters,
                               sort=[("metadata_modified", True)], start=(page - 1) * per_page, rows=per_page,
                               facet_fields=list(facets), facet_limit=15)
    return query, chosen, page


def without_each(chosen: dict) -> dict[str, dict]:
    """For each chosen facet, the query string that drops it (its "✕" link)."""
    return {name: {k: v for k, v in chosen.items() if k != name} for name in chosen}
