"""Working-day SLA arithmetic: weekends, holidays, pauses and time zones."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from kiblat.modules.sri_deli.services import sla

NO_HOLIDAYS: frozenset[date] = frozenset()
WIB, WIT = "Asia/Jakarta", "Asia/Jayapura"


def at(y: int, m: int, d: int, h: int = 9, tz: str = WIB) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime(y, m, d, h, tzinfo=ZoneInfo(tz))


def test_weekend_is_skipped():
    friday = date(2026, 11, 27)
    assert sla.add_working_days(friday, 1, NO_HOLIDAYS) == date(2026, 11, 30)  # Monday
    assert sla.add_working_days(friday, 5, NO_HOLIDAYS) == date(2026, 12, 4)
    assert sla.working_days_between(friday, date(2026, 11, 30), NO_HOLIDAYS) == 1
    assert sla.working_days_between(date(2026, 11, 28), date(2026, 11, 29), NO_HOLIDAYS) == 0


def test_zero_days_and_reverse_interval():
    day = date(2026, 11, 25)
    assert sla.add_working_days(day, 0, NO_HOLIDAYS) == day
    assert sla.working_days_between(day, day, NO_HOLIDAYS) == 0
    assert sla.working_days_between(day, day - timedelta(days=3), NO_HOLIDAYS) == 0


def test_holidays_are_skipped():
    holidays = frozenset({date(2026, 12, 25)})  # Friday
    assert sla.add_working_days(date(2026, 12, 24), 1, holidays) == date(2026, 12, 28)
    assert sla.working_days_between(date(2026, 12, 21), date(2026, 12, 28), holidays) == 4


def test_holiday_on_weekend_counts_once():
    holidays = frozenset({date(2026, 11, 28)})  # a Saturday
    assert sla.working_days_between(date(2026, 11, 23), date(2026, 11, 30), holidays) == 5


def test_national_calendar_from_package():
    import holidays as holiday_data

    national = frozenset(holiday_data.Indonesia(years=[2026]).keys())
    assert date(2026, 8, 17) in national
    # Independence Day 2026 is a Monday: a Friday submission with a 1-day SLA is due Tuesday.
    assert sla.add_working_days(date(2026, 8, 14), 1, national) == date(2026, 8, 18)


def test_pause_extends_due_date_by_paused_working_days():
    submitted = at(2026, 11, 2)  # Monday
    pauses = [(at(2026, 11, 4), at(2026, 11, 9))]  # Wed → next Mon: Thu, Fri, Mon = 3 working days
    assert sla.paused_working_days(pauses, WIB, NO_HOLIDAYS) == 3
    assert sla.due_date(submitted, 5, [], WIB, NO_HOLIDAYS) == date(2026, 11, 9)
    assert sla.due_date(submitted, 5, pauses, WIB, NO_HOLIDAYS) == date(2026, 11, 12)
    now = at(2026, 11, 10)
    assert sla.elapsed_working_days(submitted, now, pauses, WIB, NO_HOLIDAYS) == 3
    assert sla.remaining_working_days(submitted, 5, now, pauses, WIB, NO_HOLIDAYS) == 2


def test_pause_on_same_day_costs_nothing():
    pauses = [(at(2026, 11, 4, 9), at(2026, 11, 4, 15))]
    assert sla.paused_working_days(pauses, WIB, NO_HOLIDAYS) == 0


def test_overdue_is_negative():
    submitted = at(2026, 11, 2)
    assert sla.remaining_working_days(submitted, 3, at(2026, 11, 10), [], WIB, NO_HOLIDAYS) == -3


def test_time_zone_decides_the_local_day():
    # 17:30 UTC on Friday is already Saturday 00:30 in Jakarta (UTC+7).
    moment = datetime(2026, 11, 27, 17, 30, tzinfo=UTC)
    assert sla.local_date(moment, WIB) == date(2026, 11, 28)  # Saturday in WIB
    assert sla.local_date(moment, "UTC") == date(2026, 11, 27)  # still Friday in UTC
    # Submitted Saturday (WIB): 1 working day → Monday; in UTC it is Friday → Monday too.
    assert sla.due_date(moment, 1, [], WIB, NO_HOLIDAYS) == date(2026, 11, 30)
    # Thursday 23:30 WIB vs WIT (UTC+9): in WIT it is already Friday.
    late = datetime(2026, 11, 26, 16, 30, tzinfo=UTC)
    assert sla.local_date(late, WIB) == date(2026, 11, 26)
    assert sla.local_date(late, WIT) == date(2026, 11, 27)
    assert sla.due_date(late, 1, [], WIB, NO_HOLIDAYS) == date(2026, 11, 27)
    assert sla.due_date(late, 1, [], WIT, NO_HOLIDAYS) == date(2026, 11, 30)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        sla.local_date(datetime(2026, 11, 27, 9), WIB)


def test_fixed_offset_timezones_are_accepted():
    moment = datetime(2026, 11, 27, 9, tzinfo=timezone(timedelta(hours=8)))
    assert sla.local_date(moment, "Asia/Makassar") == date(2026, 11, 27)


def test_long_sla_across_year_end_with_collective_leave():
    holidays = frozenset({date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 31), date(2027, 1, 1)})
    # From Mon 21 Dec 2026: 22, 23, 28, 29, 30, 4 Jan, 5 Jan ... 10 working days → 8 Jan 2027.
    assert sla.add_working_days(date(2026, 12, 21), 10, holidays) == date(2027, 1, 8)
