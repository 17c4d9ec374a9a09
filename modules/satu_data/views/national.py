"""The national catalogue on the platform host: every regency's public datasets together, with
the regency as a facet. Datasets link to their page on the regency's own host."""

from __future__ import annotations

from flask import render_template

from kiblat.modules.satu_data.services import national
from kiblat.modules.satu_data.views.common import portal_query, without_each

PER_PAGE = 20
FACETS = ("regency", "organization", "groups", "tags", "res_format", "year")


def portal() -> str:
    query, chosen, page = portal_query(PER_PAGE, FACETS)
    result = national.run(query)
    catalogue = national.NationalCatalogue("")
    pages = max(1, -(-result.count // query.rows))
    return render_template("satu_data/national.html", result=result, chosen=chosen, page=page, pages=pages,
                           q=query.text, labels=catalogue.facet_labels(result.facets), without=without_each(chosen))
