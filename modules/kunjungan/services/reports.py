"""Reports for a place: visitors per day, slot and ticket type, revenue, no-shows, peaks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from kiblat.modules.kunjungan.models import Booking, Slot, Ticket, TicketType
from kiblat.modules.kunjungan.services import clock
from kiblat.modules.kunjungan.services.booking import PAID
from kiblat.platform.core.times import as_utc
from kiblat.tenants.database import tenant_db


@dataclass(frozen=True)
class DayFigures:
    day: date
    booked: int
    entered: int
    no_shows: int
    revenue: int


@dataclass(frozen=True)
class SlotFigures:
    starts_at: object
    capacity: int
    booked: int
    entered: int


def _paid_tickets(place_id: int, start: date, end: date):  # noqa: ANN202
    lower, _ = clock.day_bounds(start)
    _, upper = clock.day_bounds(end)
    return (select(Ticket, Slot.starts_at).join(Booking, Ticket.booking_id == Booking.id)
            .join(Slot, Ticket.slot_id == Slot.id)
            .where(Slot.place_id == place_id, Booking.status == PAID, Slot.starts_at >= lower, Slot.starts_at < upper))


def visitors_per_day(place_id: int, start: date, end: date) -> list[DayFigures]:
    """Paid tickets per local day; a no-show is a paid ticket of a slot that is over and was never used."""
    moment = clock.now()
    days: dict[date, list[int]] = {}
    for ticket, starts_at in tenant_db.session.execute(_paid_tickets(place_id, start, end)):
        figures = days.setdefault(clock.local(starts_at).date(), [0, 0, 0, 0])
        figures[0] += 1
        figures[3] += ticket.price
        if ticket.used_at:
            figures[1] += 1
        elif as_utc(ticket.booking.slot.ends_at) < moment:
            figures[2] += 1
    return [DayFigures(day, *values) for day, values in sorted(days.items())]


def per_type(place_id: int, start: date, end: date) -> list[tuple[str, int, int]]:
    """(ticket type, tickets, Rupiah)."""
    lower, _ = clock.day_bounds(start)
    _, upper = clock.day_bounds(end)
    rows = tenant_db.session.execute(
        select(TicketType.name, func.count(Ticket.id), func.coalesce(func.sum(Ticket.price), 0))
        .join(Ticket, Ticket.type_id == TicketType.id).join(Booking, Ticket.booking_id == Booking.id)
        .join(Slot, Ticket.slot_id == Slot.id)
        .where(Slot.place_id == place_id, Booking.status == PAID, Slot.starts_at >= lower, Slot.starts_at < upper)
        .group_by(TicketType.name, TicketType.position).order_by(TicketType.position))
    return [(name, count, int(total)) for name, count, total in rows]


def per_slot(place_id: int, day: date) -> list[SlotFigures]:
    lower, upper = clock.day_bounds(day)
    slots = tenant_db.session.scalars(
        select(Slot).where(Slot.place_id == place_id, Slot.starts_at >= lower, Slot.starts_at < upper)
        .order_by(Slot.starts_at))
    figures = []
    for slot in slots:
        entered = tenant_db.session.scalar(select(func.count(Ticket.id)).where(
            Ticket.slot_id == slot.id, Ticket.used_at.is_not(None))) or 0
        figures.append(SlotFigures(clock.local(slot.starts_at), slot.capacity, slot.taken, entered))
    return figures
