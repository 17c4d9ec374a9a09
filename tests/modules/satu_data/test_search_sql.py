"""package_search counts and facets in SQL: the same answers a count in Python would give
(ties by value, odd characters in tags, negations, limits) in a fixed number of statements."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, insert

from kiblat.modules.satu_data.models import Dataset
from kiblat.modules.satu_data.services import catalogue, search
from kiblat.modules.satu_data.services.ids import time_ordered_id
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.modules.satu_data.helpers import opd

TAGS = ("air bersih", 'kata "kutip"', "garis\\miring", "50%_naik", "ibu", "ä-umlaut", "é")


@pytest.fixture
def filled(app, make_tenant):
    tenant = make_tenant(modules=("satu_data",))
    with app.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        opds = [opd("DINKES"), opd("DISDIK"), opd("BAPPEDA")]
        start, rows = datetime(2024, 1, 1, tzinfo=UTC), []
        for i in range(40):
            tags = sorted({TAGS[i % len(TAGS)], TAGS[(i * 3) % len(TAGS)]})
            modified = start + timedelta(hours=i)
            rows.append({
                "name": f"data-{i}", "opd_id": opds[i % 3].id, "private": i % 10 == 9, "published": i % 13 != 12,
                "package_id": time_ordered_id(), "title": f"Data {i}", "search_text": f"data {i} puskesmas" * (i % 2),
                "organization": f"org-{i % 3}", "groups_text": f"|{('kesehatan', 'ekonomi')[i % 2]}|",
                "tags_text": "|" + "|".join(tags) + "|", "formats_text": "|CSV|XLSX|" if i % 4 == 0 else "|CSV|",
                "years_text": "" if i % 5 == 0 else f"|{2020 + i % 3}|", "license_id": "CC-BY-4.0",
                "metadata_created": modified, "metadata_modified": modified, "package": {"name": f"data-{i}"}})
        tenant_db.session.execute(insert(Dataset), rows)
        tenant_db.session.commit()
        yield rows


def _expected(rows: list[dict], keep, field: str, limit: int) -> list[tuple[str, int]]:  # noqa: ANN001
    counter: Counter = Counter()
    for row in rows:
        if row["published"] and not row["private"] and keep(row) and row[field]:
            counter.update(row[field].strip("|").split("|"))
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:limit]


def test_facets_counts_and_pages_match_the_rows_in_two_statements(filled):
    statements = []
    engine = tenant_db.session.get_bind()
    listen = lambda *args: statements.append(args[2])  # noqa: E731 - before_cursor_execute's statement

    def keep(row: dict) -> bool:
        return "|CSV|" in row["formats_text"] and "|ibu|" not in row["tags_text"]

    query = search.SearchQuery(filters=search.parse_terms('res_format:csv -tags:"ibu"', catalogue.FIELDS),
                               sort=[("name", False)], start=2, rows=5, facet_limit=4,
                               facet_fields=["tags", "organization", "res_format", "year", "groups"])
    event.listen(engine, "before_cursor_execute", listen)
    try:
        result = catalogue.run(query)
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    assert len([s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]) == 2
    expected = sorted((r for r in filled if r["published"] and not r["private"] and keep(r)), key=lambda r: r["name"])
    assert result.count == len(expected)
    assert [d.name for d in result.datasets] == [r["name"] for r in expected[2:7]]
    assert result.facets["tags"] == _expected(filled, keep, "tags_text", 4)
    assert result.facets["year"] == _expected(filled, keep, "years_text", 4)
    assert result.facets["res_format"] == _expected(filled, keep, "formats_text", 4)
    assert result.facets["groups"] == _expected(filled, keep, "groups_text", 4)
    organizations = Counter(r["organization"] for r in expected)
    assert result.facets["organization"] == sorted(organizations.items(), key=lambda item: (-item[1], item[0]))


def test_every_tag_is_found_by_fq_and_counted(filled):
    for tag in TAGS:
        quoted = tag.replace('"', '\\"')
        query = search.SearchQuery(filters=search.parse_terms(f'tags:"{quoted}"', catalogue.FIELDS), rows=100,
                                   facet_fields=["tags"], facet_limit=100)
        result = catalogue.run(query)
        names = sorted(r["name"] for r in filled
                       if r["published"] and not r["private"] and f"|{tag}|" in r["tags_text"])
        assert names and sorted(d.name for d in result.datasets) == names, tag
        assert dict(result.facets["tags"])[tag] == len(names), tag
    # the run after the page past the end: the count stays, facets may be asked for none
    result = catalogue.run(search.SearchQuery(start=1000, rows=10, facet_fields=["tags"], facet_limit=0))
    assert result.count == sum(1 for r in filled if r["published"] and not r["private"])
    assert result.datasets == [] and result.facets == {"tags": []}
