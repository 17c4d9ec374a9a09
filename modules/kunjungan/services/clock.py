"""Time in the regency: slots are defined in local wall-clock time and stored in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from kiblat.platform.core.times import as_utc
from kiblat.tenants.context import current_tenant


def now() -> datetime:
    return datetime.now(UTC)


def zone() -> ZoneInfo:
    return ZoneInfo(current_tenant.time_zone)


def today() -> date:
    return now().astimezone(zone()).date()


def local(value: datetime) -> datetime:
    return as_utc(value).astimezone(zone())


def at(day: date, clock: str) -> datetime:
    """``day`` at local ``HH:MM``, in UTC."""
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=zone()).astimezone(UTC)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The UTC instants where local ``day`` starts and the next one starts."""
    start = datetime.combine(day, time(0), tzinfo=zone())
    end = datetime.combine(date.fromordinal(day.toordinal() + 1), time(0), tzinfo=zone())
    return start.astimezone(UTC), end.astimezone(UTC)
