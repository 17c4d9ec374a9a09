"""Geometry of small server-rendered SVG bar charts (no script, no inline style).

Templates draw the bars from these numbers with ``platform/site/templates/site/_chart.html``;
colours come from classes in the site stylesheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    max_value: int
    horizontal: bool
    label_width: int = 0

    @property
    def total(self) -> int:
        return sum(b.value for b in self.bars)


def column_chart(title: str, items: Sequence[tuple[str, int]], width: int = 640, height: int = 180) -> BarChart:
    """Vertical bars (e.g. one per month), labels below, values above."""
    top, bottom = 18, 22
    n = max(1, len(items))
    step = width / n
    peak = max([v for _, v in items] or [0])
    scale = (height - top - bottom) / peak if peak else 0
    bars = []
    for i, (label, value) in enumerate(items):
        h = round(value * scale, 1)
        bars.append(Bar(label, value, round(i * step + step * 0.15, 1), round(height - bottom - h, 1),
                        round(step * 0.7, 1), h))
    return BarChart(title, tuple(bars), width, height, peak, horizontal=False)


def row_chart(title: str, items: Sequence[tuple[str, int]], width: int = 640, row: int = 16,
              label_width: int = 230) -> BarChart:
    """Horizontal bars (e.g. one per province), labels on the left, values at the bar's end."""
    peak = max([v for _, v in items] or [0])
    room = width - label_width - 40
    scale = room / peak if peak else 0
    bars = tuple(
        Bar(label, value, label_width, i * row + 2, round(value * scale, 1), row - 4)
        for i, (label, value) in enumerate(items)
    )
    return BarChart(title, bars, width, max(row, len(items) * row), peak, horizontal=True, label_width=label_width)


def last_months(today: date, count: int = 12) -> list[str]:
    """``YYYY-MM`` of the ``count`` months ending with ``today``'s, oldest first."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return months[::-1]
