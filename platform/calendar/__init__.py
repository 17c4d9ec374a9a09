"""The platform's calendar: Indonesia's national holidays and which days are peak days.

Reference data comes from the ``holidays`` package (the same source Sri Deli seeds its
working-day calendar from); nothing is stored, so every regency and module agrees on the
same national days. Modules add their own closures and local days on top.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays as holiday_data

SATURDAY = 5


@lru_cache(maxsize=16)
def _national(year: int) -> dict[date, str]:
    return dict(holiday_data.Indonesia(years=[year], language="id").items())


def national_holidays(start: date, end: date) -> dict[date, str]:
    """National holidays from ``start`` to ``end`` inclusive, day → name in Bahasa Indonesia."""
    found: dict[date, str] = {}
    for year in range(start.year, end.year + 1):
        found.update({day: name for day, name in _national(year).items() if start <= day <= end})
    return dict(sorted(found.items()))


def holiday_name(day: date) -> str | None:
    return _national(day.year).get(day)


def is_peak_day(day: date) -> bool:
    """Saturdays, Sundays and national holidays, when parks and museums fill up."""
    return day.weekday() >= SATURDAY or holiday_name(day) is not None
