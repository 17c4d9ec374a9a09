"""Schedules: when a job runs by itself (daily, weekly, monthly at a wall-clock time).

Modules declare them in their manifests, the platform in the composition root; both are put in
one table at start-up (:func:`schedule_table`, where a job scheduled twice is an error). Every
``kiblat worker`` runs huey's periodic tick once a minute; the tick (:func:`due_runs`) finds each
schedule's latest occurrence, in the tenant's own time zone (WIB, WITA or WIT) for per-tenant
schedules, and *claims* it in the queue's storage with an atomic set-if-absent before queueing
the job. However many workers tick, each occurrence is claimed once, so it runs once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

CLOCK_RE = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
CADENCES = ("daily", "weekly", "monthly")
# The platform's own clock (schedules that are not per tenant): WIB, like BABEL_DEFAULT_TIMEZONE.
PLATFORM_TIME_ZONE = "Asia/Jakarta"
# An occurrence missed while no worker ran (a restart, a deploy) still runs if a worker ticks
# within this long after it; older ones are skipped (a new deployment does not run last month's).
CATCH_UP = timedelta(hours=2)


class ScheduleError(ValueError):
    """A schedule is misdeclared or declared twice (raised at start-up)."""


@dataclass(frozen=True)
class Schedule:
    """When one of the module's jobs should run. Declarative only: the scheduler reads these
    from the registry; the module never starts timers itself.

    ``at`` is the wall-clock time in the tenant's time zone (the platform's for ``per_tenant=False``);
    ``day`` is the weekday for weekly runs (1 = Monday … 7 = Sunday) or the day of the month for
    monthly runs (1–28, so every month has it).
    """

    job: str
    cadence: str
    at: str = "00:00"
    day: int | None = None
    # True: once for every tenant that has the module enabled, inside that tenant.
    per_tenant: bool = True

    def __post_init__(self) -> None:
        if self.cadence not in CADENCES:
            raise ValueError(f"schedule of {self.job!r}: cadence must be one of {', '.join(CADENCES)}")
        if not CLOCK_RE.match(self.at):
            raise ValueError(f"schedule of {self.job!r}: at must be HH:MM (24-hour), not {self.at!r}")
        if self.cadence == "daily" and self.day is not None:
            raise ValueError(f"schedule of {self.job!r}: a daily schedule takes no day")
        if self.cadence == "weekly" and self.day not in range(1, 8):
            raise ValueError(f"schedule of {self.job!r}: a weekly schedule needs day 1 (Monday) to 7 (Sunday)")
        if self.cadence == "monthly" and self.day not in range(1, 29):
            raise ValueError(f"schedule of {self.job!r}: a monthly schedule needs day 1 to 28")

    def fires_on(self, day: date) -> bool:
        if self.cadence == "weekly":
            return day.isoweekday() == self.day
        if self.cadence == "monthly":
            return day.day == self.day
        return True

    def _at(self, day: date, zone: ZoneInfo) -> datetime:
        hour, minute = (int(part) for part in self.at.split(":"))
        return datetime.combine(day, time(hour, minute), tzinfo=zone).astimezone(UTC)

    def next_run(self, time_zone: str, now: datetime) -> datetime:
        """The first run strictly after ``now`` (aware), as an aware UTC datetime."""
        zone = ZoneInfo(time_zone)
        today = now.astimezone(zone).date()
        for offset in range(0, 32):
            day = today + timedelta(days=offset)
            if self.fires_on(day) and self._at(day, zone) > now:
                return self._at(day, zone)
        raise AssertionError("every cadence fires within a month")

    def last_run(self, time_zone: str, now: datetime) -> datetime:
        """The latest run at or before ``now`` (aware), as an aware UTC datetime."""
        zone = ZoneInfo(time_zone)
        today = now.astimezone(zone).date()
        for offset in range(0, 32):
            day = today - timedelta(days=offset)
            if self.fires_on(day) and self._at(day, zone) <= now:
                return self._at(day, zone)
        raise AssertionError("every cadence fires within a month")


@dataclass(frozen=True)
class Scheduled:
    """A schedule in the table: who declared it (a module key or ``"platform"``) and, for a
    module's per-tenant schedule, the module a tenant must have enabled."""

    owner: str
    schedule: Schedule
    module: str | None = None


def schedule_table(platform: Iterable[Schedule], modules: Iterable[tuple[str, Schedule]]) -> list[Scheduled]:
    """Every schedule of the deployment; a job scheduled twice (by one declaration or two)
    stops start-up with a :class:`ScheduleError` naming both."""
    table: list[Scheduled] = [Scheduled("platform", s) for s in platform]
    table += [Scheduled(key, s, module=key) for key, s in modules]
    seen: dict[str, Scheduled] = {}
    for entry in table:
        earlier = seen.get(entry.schedule.job)
        if earlier is not None:
            raise ScheduleError(
                f"job {entry.schedule.job!r} is scheduled twice (by {earlier.owner} and by {entry.owner}); "
                "declare one schedule per job"
            )
        seen[entry.schedule.job] = entry
    return table


@dataclass(frozen=True)
class Target:
    """Who a per-tenant schedule runs for: what the tick needs of a tenant."""

    slug: str
    time_zone: str
    modules: frozenset[str]


@dataclass(frozen=True)
class DueRun:
    job: str
    tenant_slug: str | None
    occurrence: datetime


def _claim_key(job: str, slug: str | None, occurrence: datetime) -> str:
    return f"kiblat.schedule.{job}.{slug or '-'}.{occurrence.strftime('%Y%m%dT%H%MZ')}"


def due_runs(table: Iterable[Scheduled], targets: Iterable[Target], now: datetime,
             claim: Callable[[str], bool], forget: Callable[[str], object] = lambda key: None,
             ) -> list[DueRun]:
    """The runs to queue at ``now``: each schedule's latest occurrence (per tenant where it is
    per tenant) not older than :data:`CATCH_UP` and not yet claimed. ``claim(key)`` is an atomic
    set-if-absent in the queue's storage, true for exactly one caller; ``forget(key)`` drops the
    claim of the occurrence before, which no tick can reach any more, so claims stay few."""
    targets = list(targets)
    runs: list[DueRun] = []
    for entry in table:
        schedule = entry.schedule
        if schedule.per_tenant and entry.module is not None:
            who = [(t.slug, t.time_zone) for t in targets if entry.module in t.modules]
        else:
            who = [(None, PLATFORM_TIME_ZONE)]
        for slug, zone in who:
            occurrence = schedule.last_run(zone, now)
            if now - occurrence > CATCH_UP:
                continue
            if not claim(_claim_key(schedule.job, slug, occurrence)):
                continue
            forget(_claim_key(schedule.job, slug, schedule.last_run(zone, occurrence - timedelta(minutes=1))))
            runs.append(DueRun(schedule.job, slug, occurrence))
    return runs
