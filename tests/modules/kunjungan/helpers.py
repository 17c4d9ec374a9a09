"""Building blocks for Kunjungan tests: a place with ticket types and slots, a fixed clock."""

from __future__ import annotations

import secrets
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import Flask

from kiblat.modules.kunjungan.services import booking, clock, places, slots
from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.database import tenant_db

# Every test runs at the same instant: Friday 7 March 2031, 07:00 WIB (08:00 WITA, 09:00 WIT).
NOW = datetime(2031, 3, 7, 0, 0, tzinfo=UTC)
SATURDAY = date(2031, 3, 8)


@dataclass(frozen=True)
class Park:
    place_id: int
    adult: int
    child: int


def in_tenant(app: Flask, tenant: TenantInfo) -> ExitStack:
    stack = ExitStack()
    stack.enter_context(app.app_context())
    stack.enter_context(tenant_context(tenant))
    return stack


def make_park(capacity: int = 10, key: str | None = None) -> Park:
    """Inside a tenant: a park with adult (Rp20.000) and child (Rp10.000) tickets and a
    10:00–12:00 slot every day, plus an all-day slot for gate tests."""
    place = places.ensure_place(key or f"taman-{secrets.token_hex(3)}", "tests", "Taman Uji", address="Jl. Uji")
    adult = places.ensure_ticket_type(place, "dewasa", "Dewasa", 20_000, 1)
    child = places.ensure_ticket_type(place, "anak", "Anak", 10_000, 2)
    places.add_slot_rule(place, "10:00", "12:00", capacity)
    tenant_db.session.commit()
    return Park(place.id, adult.id, child.id)


def slot_at(park: Park, day: date, hour: str = "10:00") -> int:
    for slot in slots.slots_on(park.place_id, day):
        if clock.local(slot.starts_at).strftime("%H:%M") == hour:
            return slot.id
    raise AssertionError(f"no {hour} slot on {day}")


def order(park: Park, slot_id: int, adults: int = 2, children: int = 0, name: str = "Keluarga Siregar",
          user_id: int | None = None) -> booking.Order:
    counts = {park.adult: adults, park.child: children}
    return booking.Order(slot_id, counts, name, "siregar@example.id", user_id)


def book(park: Park, slot_id: int, adults: int = 2, children: int = 0, **kwargs) -> booking.Booking:  # noqa: ANN003
    return booking.book(order(park, slot_id, adults, children), secrets.token_hex(16), **kwargs)
