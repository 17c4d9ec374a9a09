"""Searching published datasets with CKAN's vocabulary (``q``, ``fq``, ``sort``, ``start``,
``rows``, ``facet.field``), over any table with the published columns: a regency's
``satu_data_dataset`` or the platform's national index. Full text uses the database's own
search (PostgreSQL ``to_tsvector('simple', …)``, no stemming, so Indonesian words match as
written; SQLite a LIKE per word). Filters, the count, the facets and the page are all SQL: a
search costs two queries whatever the size of the catalogue."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    Text,
    and_,
    case,
    cast,
    func,
    literal,
    literal_column,
    not_,
    select,
    true,
    union_all,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from kiblat.platform.identity.texts import _

MAX_ROWS = 1000
# fq/q field → column key of the searched table; list columns hold "|a|b|".
FIELDS = {"organization": "organization", "groups": "groups_text", "tags": "tags_text",
          "res_format": "formats_text", "license_id": "license_id", "name": "name", "id": "package_id",
          "year": "years_text", "tahun": "years_text", "regency": "regency", "kabupaten": "regency",
          "title": "title", "metadata_modified": "metadata_modified", "metadata_created": "metadata_created"}
LIST_COLUMNS = {"groups_text", "tags_text", "formats_text", "years_text"}
# Terms CKAN and its harvester add that every published dataset here satisfies.
ALWAYS_TRUE = {("dataset_type", "dataset"), ("type", "dataset"), ("capacity", "public"), ("state", "active"),
               ("+dataset_type", "dataset"), ("private", "false")}
SORTS = {"id": "package_id", "name": "name", "title_string": "title", "title": "title",
         "metadata_modified": "metadata_modified", "metadata_created": "metadata_created"}
_TERM = re.compile(r'\s*([+-]?)([A-Za-z_.]+):("(?:[^"\\]|\\.)*"|\[[^\]]*\]|\{[^}]*\}|\S+)')


class SearchError(ValueError):
    """A query that cannot be run; ``str()`` says why (CKAN answers such with 409)."""


@dataclass
class Filter:
    column: str
    value: str | tuple[datetime | None, datetime | None]
    negate: bool = False


@dataclass
class SearchQuery:
    text: str = ""
    filters: list[Filter] = field(default_factory=list)
    sort: list[tuple[str, bool]] = field(default_factory=list)  # (column, descending)
    start: int = 0
    rows: int = 10
    facet_fields: list[str] = field(default_factory=list)
    facet_limit: int = 50


def _timestamp(text: str) -> datetime | None:
    text = text.strip()
    if text in ("*", "NOW"):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise SearchError(_("Tanggal tidak dapat dibaca: %(value)s", value=text[:40])) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _range(value: str) -> tuple[datetime | None, datetime | None]:
    parts = value[1:-1].split(" TO ")
    if len(parts) != 2:
        raise SearchError(_("Rentang harus berbentuk [awal TO akhir]: %(value)s", value=value[:60]))
    return _timestamp(parts[0]), _timestamp(parts[1])


def parse_terms(text: str, fields: Mapping[str, str]) -> list[Filter]:
    """``organization:dinkes -tags:"air bersih" metadata_modified:[2024-01-01T00:00:00Z TO *]``."""
    filters, position, text = [], 0, text.strip()
    while position < len(text):
        match = _TERM.match(text, position)
        if match is None:
            raise SearchError(_("Kueri fq tidak dapat dibaca di dekat \"%(part)s\".", part=text[position:position + 30]))
        sign, name, value = match.groups()
        position = match.end()
        bare = value[1:-1].replace('\\"', '"') if value.startswith('"') else value
        if (name, bare) in ALWAYS_TRUE or (sign + name, bare) in ALWAYS_TRUE:
            continue
        column = fields.get(name)
        if column is None:
            raise SearchError(_("Kolom pencarian tidak dikenal: %(name)s", name=name))
        if column in ("metadata_modified", "metadata_created"):
            if not value.startswith(("[", "{")):
                raise SearchError(_("%(name)s hanya dapat dicari dengan rentang [awal TO akhir].", name=name))
            filters.append(Filter(column, _range(value), sign == "-"))
        else:
            filters.append(Filter(column, bare, sign == "-"))
    return filters


def parse_sort(text: str) -> list[tuple[str, bool]]:
    result = []
    for part in (text or "").split(","):
        words = part.split()
        if not words:
            continue
        if len(words) != 2 or words[1].lower() not in ("asc", "desc"):
            raise SearchError(_("Urutan harus berbentuk \"kolom asc\" atau \"kolom desc\": %(value)s", value=part[:40]))
        if words[0] == "score":
            continue  # relevance: the rest of the order decides
        column = SORTS.get(words[0])
        if column is None:
            raise SearchError(_("Tidak dapat mengurutkan menurut %(name)s.", name=words[0][:40]))
        result.append((column, words[1].lower() == "desc"))
    return result


def _condition(columns: Mapping[str, ColumnElement], item: Filter, dialect: str, indexed: bool) -> ColumnElement:
    column = columns[item.column]
    if isinstance(item.value, tuple):
        low, high = item.value
        parts = [column.is_not(None)]
        if low is not None:
            parts.append(column >= low)
        if high is not None:
            parts.append(column <= high)
        return and_(*parts)
    if item.column in LIST_COLUMNS:
        # formats are kept upper-case, everything else lower-case
        value = item.value.upper() if item.column == "formats_text" else item.value.lower()
        if dialect == "postgresql" and indexed:
            # The expression of the GIN indexes of satu_data_0003.
            return func.string_to_array(column, "|").op("@>")(cast([value], postgresql.ARRAY(Text)))
        escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return column.like(f"%|{escaped}|%", escape="\\")
    return column == item.value


def _text_condition(columns: Mapping[str, ColumnElement], text: str, dialect: str,
                    indexed: bool) -> ColumnElement | None:
    words = [w for w in re.findall(r"\w+", text.lower()) if w]
    if not words:
        return None
    column = columns["search_text"]
    # search_text is lower-case: a word the text holds is a substring of it.
    contains = [column.like("%" + w.replace("_", "\\_") + "%", escape="\\") for w in words]
    if dialect == "postgresql":
        # The configuration as a literal, so the expression is the one the GIN index holds.
        config = literal_column("'simple'::regconfig")
        matches = func.to_tsvector(config, column).op("@@")(func.plainto_tsquery(config, " ".join(words)))
        # Without a GIN index on the expression, the cheap LIKE runs first (PostgreSQL orders
        # conditions by cost) and to_tsvector is computed only for the rows it leaves.
        return matches if indexed else and_(*contains, matches)
    return and_(*contains)


def build(base: Select, columns: Mapping[str, ColumnElement], query: SearchQuery, dialect: str,
          indexed: bool = True) -> Select:
    """``base`` (a select of published rows) narrowed by the query; no order or paging.
    ``indexed``: the table has the GIN indexes of ``satu_data_dataset`` (full text, lists); a
    table without them is searched with LIKE, cheaper than building arrays or tsvectors per row."""
    conditions = [_condition(columns, f, dialect, indexed) if not f.negate
                  else not_(_condition(columns, f, dialect, indexed)) for f in query.filters]
    text = _text_condition(columns, query.text, dialect, indexed)
    if text is not None:
        conditions.append(text)
    return base.where(*conditions) if conditions else base


def ordered(statement: Select, columns: Mapping[str, ColumnElement], query: SearchQuery) -> Select:
    order = [columns[c].desc() if desc else columns[c].asc() for c, desc in query.sort]
    if not query.sort:
        order = [columns["metadata_modified"].desc()]
    # The id last: pages never overlap, whatever the order chosen.
    return statement.order_by(*order, columns["package_id"].asc()).offset(query.start).limit(query.rows)


def _items(column: ColumnElement, dialect: str):  # noqa: ANN202 - a table-valued function
    """One row (column ``value``) per item of a ``|a|b|`` list column."""
    if dialect == "postgresql":
        return func.unnest(func.string_to_array(column, "|")).table_valued("value").render_derived()
    # SQLite: the list as a JSON array for json_each; a value JSON cannot hold (a control
    # character) leaves that row out of the counts rather than failing the search.
    inner = func.replace(func.replace(func.substr(column, 2, func.length(column) - 2), "\\", "\\\\"), '"', '\\"')
    as_json = literal('["', String).op("||")(func.replace(inner, "|", '","')).op("||")(literal('"]', String))
    return func.json_each(case((func.json_valid(as_json) == 1, as_json), else_="[]")).table_valued("value")


def count_and_facets(session: Session, base: Select, columns: Mapping[str, ColumnElement],
                     facets: Mapping[str, str], query: SearchQuery) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    """How many rows ``base`` (already narrowed by the query) holds, and for each of the query's
    facet fields its values with their counts, most frequent first then by value (at most
    ``facet_limit`` each): one GROUP BY per field over the filtered rows, in one statement."""
    dialect = session.get_bind().dialect.name
    wanted = list(dict.fromkeys(query.facet_fields))
    keys = {facets[name] for name in wanted}
    filtered = base.with_only_columns(columns["package_id"], *(columns[key] for key in sorted(keys))).cte("filtered")
    total = select(literal_column("''").label("field"), literal_column("''").label("value"),
                   func.count().label("n")).select_from(filtered)
    if not wanted or query.facet_limit <= 0:
        return session.scalar(total.with_only_columns(func.count())) or 0, {name: [] for name in wanted}
    parts = []
    for name in wanted:
        label = literal_column(f"'{name}'")  # a known facet name, never user text
        key = facets[name]
        if key in LIST_COLUMNS:
            items = _items(filtered.c[key], dialect)
            value = items.c.value
            part = select(label.label("field"), value.label("value"), func.count().label("n")).select_from(
                filtered).join(items, true())
        else:
            value = filtered.c[key]
            part = select(label.label("field"), value.label("value"), func.count().label("n")).select_from(filtered)
        parts.append(part.where(value.is_not(None), value != "").group_by(value))
    grouped = union_all(*parts).subquery("grouped")
    # Byte order, as Python compares strings: the same facets on both backends.
    by_value = grouped.c.value.collate("C") if dialect == "postgresql" else grouped.c.value
    rank = func.row_number().over(partition_by=grouped.c.field, order_by=(grouped.c.n.desc(), by_value))
    ranked = select(grouped.c.field, grouped.c.value, grouped.c.n, rank.label("rank")).subquery("ranked")
    statement = union_all(total, select(ranked.c.field, ranked.c.value, ranked.c.n).where(
        ranked.c.rank <= query.facet_limit))
    count, found = 0, {name: [] for name in wanted}
    for field_name, value, n in session.execute(statement):
        if field_name == "":
            count = n
        else:
            found[field_name].append((value, n))
    return count, {name: sorted(items, key=lambda item: (-item[1], item[0])) for name, items in found.items()}
