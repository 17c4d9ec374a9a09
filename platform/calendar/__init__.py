"""The platform's calendar: Indonesia's national holidays and which days are peak days.

Reference data comes from the ``holidays`` package (Sri Deli seeds its working-day calendar
from here too), so every regency and module agrees on the same national days. Modules add
their own closures and local days on top.

The package builds its calendar by importing every country it knows (~0.25 s), which each
web worker paid on the first page showing a calendar and each ``kiblat tenants create`` paid
again. So the years asked for are kept in a file of the instance folder, one per package version.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from flask import current_app, has_app_context

from kiblat.platform.core.files import write_atomically

SATURDAY = 5
CACHE_FOLDER = "cache"


def national_days(years: list[int], kept_in: Path | None) -> list[tuple[date, str]]:
    """The national holidays of ``years`` (day, name in Bahasa Indonesia), answered from the file
    kept in ``kept_in`` for the installed package version, and added to it when missing."""
    path = kept_in / f"holidays-id-{metadata.version('holidays')}.json" if kept_in else None
    kept = _read_kept(path) if path else {}
    missing = [year for year in years if str(year) not in kept]
    if missing:
        # Imported here, not at the top: most calls are answered from the kept file.
        import holidays as holiday_data

        for year in missing:
            kept[str(year)] = [[day.isoformat(), name] for day, name
                               in sorted(holiday_data.Indonesia(years=[year], language="id").items())]
        if path:
            write_atomically(path, json.dumps(kept, ensure_ascii=False, sort_keys=True).encode())
    return sorted((date.fromisoformat(day), name) for year in years for day, name in kept[str(year)])


def _read_kept(path: Path) -> dict[str, list[list[str]]]:
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or unreadable: built again from the package
    return kept if isinstance(kept, dict) else {}


@lru_cache(maxsize=16)
def _national(year: int) -> dict[date, str]:
    kept_in = Path(current_app.instance_path) / CACHE_FOLDER if has_app_context() else None
    return dict(national_days([year], kept_in))


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
