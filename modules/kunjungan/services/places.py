"""Offerings: the places other modules register, their ticket types, slot rules and closures."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from kiblat.modules.kunjungan.models import Closure, Place, SlotRule, TicketType
from kiblat.modules.kunjungan.services.errors import KunjunganError
from kiblat.tenants.database import tenant_db

KEY_RE = re.compile(r"^[a-z][a-z0-9_-]{1,59}$")
CLOCK_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def ensure_place(key: str, owner: str, name: str, address: str = "", release_on_exit: bool = False) -> Place:
    """The place ``key``, created on first call (idempotent, so a module's seed may call it)."""
    if not KEY_RE.match(key):
        raise KunjunganError(f"Kode tempat {key!r} tidak valid.")
    session = tenant_db.session
    place = session.scalar(select(Place).where(Place.key == key))
    if place is None:
        place = Place(key=key, owner=owner, name=name, address=address, release_on_exit=release_on_exit)
        session.add(place)
        session.flush()
    return place


def place_by_key(key: str) -> Place | None:
    return tenant_db.session.scalar(select(Place).where(Place.key == key, Place.active.is_(True)))


def places() -> list[Place]:
    return list(tenant_db.session.scalars(select(Place).where(Place.active.is_(True)).order_by(Place.name)))


def ensure_ticket_type(place: Place, key: str, name: str, price: int, position: int = 0) -> TicketType:
    if not isinstance(price, int) or price < 0:
        raise KunjunganError("Harga tiket harus bilangan bulat Rupiah, tidak negatif.")
    session = tenant_db.session
    found = session.scalar(select(TicketType).where(TicketType.place_id == place.id, TicketType.key == key))
    if found is None:
        found = TicketType(place_id=place.id, key=key, name=name, price=price, position=position)
        session.add(found)
        session.flush()
    return found


def ticket_types(place_id: int) -> list[TicketType]:
    return list(tenant_db.session.scalars(
        select(TicketType).where(TicketType.place_id == place_id, TicketType.active.is_(True))
        .order_by(TicketType.position, TicketType.id)))


def add_slot_rule(place: Place, starts: str, ends: str, capacity: int, weekdays: str = "1234567",
                  peak_capacity: int | None = None, open_on_holidays: bool = True) -> SlotRule:
    if not (CLOCK_RE.match(starts) and CLOCK_RE.match(ends)) or starts >= ends:
        raise KunjunganError("Jam sesi harus JJ:MM dan jam mulai sebelum jam selesai.")
    if not weekdays or set(weekdays) - set("1234567"):
        raise KunjunganError("Hari sesi harus angka 1 (Senin) sampai 7 (Minggu).")
    for value in (capacity, peak_capacity):
        if value is not None and (not isinstance(value, int) or value < 1):
            raise KunjunganError("Kuota sesi harus bilangan bulat positif.")
    rule = SlotRule(place_id=place.id, starts=starts, ends=ends, capacity=capacity, weekdays=weekdays,
                    peak_capacity=peak_capacity, open_on_holidays=open_on_holidays)
    session = tenant_db.session
    session.add(rule)
    session.flush()
    return rule


def rules(place_id: int) -> list[SlotRule]:
    return list(tenant_db.session.scalars(
        select(SlotRule).where(SlotRule.place_id == place_id, SlotRule.active.is_(True)).order_by(SlotRule.starts)))


def close_day(place: Place, day: date, reason: str) -> Closure:
    session = tenant_db.session
    closure = session.scalar(select(Closure).where(Closure.place_id == place.id, Closure.day == day))
    if closure is None:
        closure = Closure(place_id=place.id, day=day, reason=reason[:200])
        session.add(closure)
        session.flush()
    return closure


def closure_on(place_id: int, day: date) -> Closure | None:
    return tenant_db.session.scalar(select(Closure).where(Closure.place_id == place_id, Closure.day == day))
