"""A table's preview without JavaScript: pages of 100 rows, and a bar chart of the first
numeric variable summed over the first descriptive one (drawn as plain SVG by the template)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_decimal

from kiblat.modules.satu_data.models import Resource
from kiblat.modules.satu_data.services.datasets import read_table
from kiblat.modules.satu_data.services.validation import number_value
from kiblat.platform.regions.lookup import region_name

ROWS_PER_PAGE = 100
CHART_BARS = 20


@dataclass
class TablePage:
    header: list[str]
    rows: list[list[str]]
    page: int
    pages: int
    total: int


@dataclass
class Chart:
    label: str
    value: str
    bars: list[tuple[str, str, int]]  # (label, value as the reader writes numbers, percent of the largest)


def table_page(resource: Resource, page: int) -> TablePage:
    header, rows = read_table(resource)
    pages = max(1, -(-len(rows) // ROWS_PER_PAGE))
    page = min(page, pages)
    start = (page - 1) * ROWS_PER_PAGE
    return TablePage(header, rows[start:start + ROWS_PER_PAGE], page, pages, len(rows))


def chart(resource: Resource, meta: dict) -> Chart | None:
    header, rows = read_table(resource)
    positions = {name.lower(): i for i, name in enumerate(header)}
    variables = [v for v in meta.get("variables", []) if v["name"].lower() in positions]
    numeric = next((v for v in variables if v["type"] in ("bilangan", "desimal") and v["name"].lower() != "tahun"),
                   None)
    label = next((v for v in variables if v is not numeric and v["type"] in ("teks", "kode_wilayah", "bilangan")),
                 None)
    if numeric is None or label is None:
        return None
    sums: dict[str, float] = {}
    value_at, label_at = positions[numeric["name"].lower()], positions[label["name"].lower()]
    for row in rows:
        value = number_value(row[value_at])
        if value is not None:
            sums[row[label_at]] = sums.get(row[label_at], 0.0) + value
    if not sums:
        return None
    top = sorted(sums.items(), key=lambda item: item[0])[:CHART_BARS]
    largest = max(abs(v) for _, v in top) or 1
    names = {code: region_name(code) for code, _ in top} if label["type"] == "kode_wilayah" else {}
    return Chart(label.get("definition") or label["name"], numeric.get("definition") or numeric["name"],
                 [(names.get(k) or k, format_decimal(v), round(abs(v) / largest * 100)) for k, v in top])
