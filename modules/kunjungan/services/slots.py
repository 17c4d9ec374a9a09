"""Slots: materialised from a place's rules the first time a day is looked at, then each
slot row holds its own quota (``capacity``, ``taken``), counted per ticket."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kiblat.modules.kunjungan.models import Slot
from kiblat.modules.kunjungan.services import booking, clock, places
from kiblat.platform.calendar import holiday_name, is_peak_day
from kiblat.platform.core.times import as_utc
from kiblat.tenants.database import tenant_db


@dataclass(frozen=True)
class SlotView:
    """What a visitor sees of one slot: seats left are exact at the moment of reading."""

    id: int
    starts_at: datetime
    ends_at: datetime
    capacity: int
    left: int
    bookable: bool


def wanted(place_id: int, day: date) -> list[tuple[datetime, datetime, int]]:
    if places.closure_on(place_id, day) is not None:
        return []
    holiday = holiday_name(day) is not None
    peak = is_peak_day(day)
    weekday = str(day.isoweekday())
    made = []
    for rule in places.rules(place_id):
        if holiday and not rule.open_on_holidays:
            continue
        if weekday not in rule.weekdays and not (holiday and rule.open_on_holidays):
            continue
        capacity = rule.peak_capacity if peak and rule.peak_capacity else rule.capacity
        made.append((clock.at(day, rule.starts), clock.at(day, rule.ends), capacity))
    return made


def ensure_day(place_id: int, day: date) -> None:
    """Create the day's slots that the rules define and that do not exist yet. Two requests
    doing this at once both succeed: the unique (place, start) keeps one row."""
    session = tenant_db.session
    start, end = clock.day_bounds(day)
    existing = {as_utc(s) for s in session.scalars(
        select(Slot.starts_at).where(Slot.place_id == place_id, Slot.starts_at >= start, Slot.starts_at < end))}
    created = False
    for starts_at, ends_at, capacity in wanted(place_id, day):
        if starts_at in existing:
            continue
        try:
            with session.begin_nested():
                session.add(Slot(place_id=place_id, starts_at=starts_at, ends_at=ends_at, capacity=capacity, taken=0))
            created = True
        except IntegrityError:
            pass  # made by a concurrent request meanwhile
    if created:
        session.commit()


def slots_on(place_id: int, day: date) -> list[Slot]:
    ensure_day(place_id, day)
    start, end = clock.day_bounds(day)
    return list(tenant_db.session.scalars(
        select(Slot).where(Slot.place_id == place_id, Slot.starts_at >= start, Slot.starts_at < end)
        .order_by(Slot.starts_at)))


def availability(place_id: int, day: date, walk_in: bool = False) -> list[SlotView]:
    """The day's slots with exact seats left (expired holds released first). Visitors book
    slots that have not started; the counter sells until a slot ends (``walk_in``)."""

    booking.release_expired()
    moment = clock.now()
    views = []
    for slot in slots_on(place_id, day):
        left = slot.capacity - slot.taken
        closes = as_utc(slot.ends_at if walk_in else slot.starts_at)
        views.append(SlotView(slot.id, as_utc(slot.starts_at), as_utc(slot.ends_at), slot.capacity, left,
                              left > 0 and closes > moment))
    return views


def get(slot_id: int) -> Slot | None:
    return tenant_db.session.get(Slot, slot_id)
