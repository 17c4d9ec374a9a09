"""Progress over time: how many desa were connected, limited, blankspot or unknown at the end of
each month, as the verified surveys tell it.

A desa's status on a day is that of its latest verified survey observed on or before that day,
so a survey verified today about a visit last March changes March's picture too: the chart
shows what the regency knows now about each past month, not what it knew then.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kiblat.modules.desa_terhubung.models import Survey
from kiblat.modules.desa_terhubung.services.registry import STATUS_ORDER, status_of
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa


@dataclass(frozen=True)
class MonthCounts:
    month_end: date
    counts: dict[str, int]


def month_ends(today: date, count: int = 12) -> list[date]:
    """The last day of each of the ``count`` months ending with ``today``'s (that month ends today)."""
    ends: list[date] = []
    year, month = today.year, today.month
    for _ in range(count):
        ends.append(date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    ends.reverse()
    ends[-1] = today
    return ends


def monthly(today: date, count: int = 12) -> list[MonthCounts]:
    """Counts per status at each month's end, oldest first."""
    ends = month_ends(today, count)
    total = len(tenant_db.session.scalars(select(Desa.code)).all())
    # (day observed, status) of every verified survey, per desa, in the order they apply.
    observations: dict[str, list[tuple[date, str]]] = {}
    surveys = tenant_db.session.scalars(
        select(Survey).where(Survey.status == "verified", Survey.observed_on <= today)
        .options(selectinload(Survey.signals)).order_by(Survey.observed_on, Survey.id))
    for survey in surveys:
        observations.setdefault(survey.desa_code, []).append((survey.observed_on, status_of(survey)))
    result = []
    for end in ends:
        counts = dict.fromkeys(STATUS_ORDER, 0)
        for seen in observations.values():
            status = next((s for day, s in reversed(seen) if day <= end), None)
            if status is not None:
                counts[status] += 1
        counts["unknown"] = total - sum(counts[s] for s in STATUS_ORDER if s != "unknown")
        result.append(MonthCounts(end, counts))
    return result


@dataclass(frozen=True)
class Column:
    month_end: date
    x: float
    segments: tuple[tuple[str, int, float, float], ...]  # status, count, y, height


def stacked_columns(history: list[MonthCounts], width: int = 640, height: int = 200,
                    bottom: int = 24) -> tuple[Column, ...]:
    """Geometry of one stacked column per month (connected at the bottom) for the SVG chart."""
    if not history:
        return ()
    step = width / len(history)
    columns = []
    for i, month in enumerate(history):
        total = sum(month.counts.values()) or 1
        scale = (height - bottom - 4) / total
        y = float(height - bottom)
        segments = []
        for status in STATUS_ORDER:
            h = round(month.counts[status] * scale, 1)
            y = round(y - h, 1)
            segments.append((status, month.counts[status], y, h))
        columns.append(Column(month.month_end, round(i * step + step * 0.15, 1), tuple(segments)))
    return tuple(columns)
