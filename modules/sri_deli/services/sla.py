"""SLA arithmetic in working days, in the regency's time zone.

A working day is a Monday–Friday that is not in the regency's holiday calendar. The
clock counts whole working days after the day of submission (a permit submitted on
Friday evening with a 1-day SLA is due at the end of Monday) and stands still while the
application is back with the citizen for revision (pauses).
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo


def is_working_day(day: date, holidays: Set[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def local_date(moment: datetime, time_zone: str) -> date:
    if moment.tzinfo is None:
        raise ValueError("SLA arithmetic needs timezone-aware datetimes")
    return moment.astimezone(ZoneInfo(time_zone)).date()


def working_days_between(start: date, end: date, holidays: Set[date]) -> int:
    """Working days in (start, end]; 0 when end <= start."""
    count, day = 0, start + timedelta(days=1)
    while day <= end:
        if is_working_day(day, holidays):
            count += 1
        day += timedelta(days=1)
    return count


def add_working_days(start: date, days: int, holidays: Set[date]) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself when days == 0)."""
    day, left = start, days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            left -= 1
    return day


def paused_working_days(pauses: Iterable[tuple[datetime, datetime]], time_zone: str,
                        holidays: Set[date]) -> int:
    """Working days the clock stood still: each pause counts the working days it spans."""
    return sum(working_days_between(local_date(a, time_zone), local_date(b, time_zone), holidays)
               for a, b in pauses)


def elapsed_working_days(submitted: datetime, now: datetime, pauses: Iterable[tuple[datetime, datetime]],
                         time_zone: str, holidays: Set[date]) -> int:
    total = working_days_between(local_date(submitted, time_zone), local_date(now, time_zone), holidays)
    return max(0, total - paused_working_days(pauses, time_zone, holidays))


def due_date(submitted: datetime, sla_days: int, pauses: Iterable[tuple[datetime, datetime]],
             time_zone: str, holidays: Set[date]) -> date:
    """The last working day the decision is due, extended by the paused working days."""
    extra = paused_working_days(pauses, time_zone, holidays)
    return add_working_days(local_date(submitted, time_zone), sla_days + extra, holidays)


def remaining_working_days(submitted: datetime, sla_days: int, now: datetime,
                           pauses: Iterable[tuple[datetime, datetime]], time_zone: str,
                           holidays: Set[date]) -> int:
    """Working days left (negative when overdue)."""
    pauses = list(pauses)
    return sla_days - elapsed_working_days(submitted, now, pauses, time_zone, holidays)
