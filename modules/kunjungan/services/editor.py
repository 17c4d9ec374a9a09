"""The place's own staff edit what it sells: its name and address, ticket types and prices,
slot rules with their quotas, and closed days. Slots already made for coming days follow the
rules at once (a quota never drops below the seats already booked: those bookings stand and
the staff are told how many)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update

from kiblat.modules.kunjungan.models import Closure, Place, Slot, SlotRule, TicketType
from kiblat.modules.kunjungan.services import clock, places, slots
from kiblat.modules.kunjungan.services.errors import KunjunganError
from kiblat.platform.core.times import as_utc
from kiblat.tenants.database import tenant_db


@dataclass(frozen=True)
class Resync:
    """What following the rules did to slots already made: how many changed and how many
    keep more seats than the rule gives because they are already booked."""

    changed: int
    overbooked: int


def update_place(place: Place, name: str, address: str, release_on_exit: bool) -> None:
    if not name.strip():
        raise KunjunganError("Nama tempat wajib diisi.")
    place.name = name.strip()[:160]
    place.address = address.strip()[:300]
    place.release_on_exit = release_on_exit
    tenant_db.session.flush()


def _own(model: type, row_id: int, place: Place):  # noqa: ANN202
    row = tenant_db.session.get(model, row_id)
    if row is None or row.place_id != place.id:
        raise KunjunganError("Data itu tidak ditemukan di tempat ini.")
    return row


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:30] or "tiket"


def all_ticket_types(place: Place) -> list[TicketType]:
    """Sold and withdrawn ticket types, the sold ones first."""
    return list(tenant_db.session.scalars(
        select(TicketType).where(TicketType.place_id == place.id)
        .order_by(TicketType.active.desc(), TicketType.position, TicketType.id)))


def add_ticket_type(place: Place, name: str, price: int) -> TicketType:
    if not name.strip():
        raise KunjunganError("Nama jenis tiket wajib diisi.")
    if price < 0:
        raise KunjunganError("Harga tiket tidak boleh negatif.")
    existing = {t.key for t in tenant_db.session.scalars(select(TicketType).where(TicketType.place_id == place.id))}
    key, n = _slug(name), 2
    while key in existing:
        key, n = f"{_slug(name)[:26]}-{n}", n + 1
    position = max((t.position for t in places.ticket_types(place.id)), default=-1) + 1
    found = TicketType(place_id=place.id, key=key, name=name.strip()[:120], price=price, position=position)
    tenant_db.session.add(found)
    tenant_db.session.flush()
    return found


def update_ticket_type(place: Place, type_id: int, name: str, price: int, active: bool) -> TicketType:
    """A new price holds for bookings made from now on; a booking keeps what it was sold at."""
    found = _own(TicketType, type_id, place)
    if not name.strip():
        raise KunjunganError("Nama jenis tiket wajib diisi.")
    if price < 0:
        raise KunjunganError("Harga tiket tidak boleh negatif.")
    if not active and found.active and len(places.ticket_types(place.id)) <= 1:
        raise KunjunganError("Tempat ini harus punya paling sedikit satu jenis tiket yang dijual.")
    found.name, found.price, found.active = name.strip()[:120], price, active
    tenant_db.session.flush()
    return found


def add_rule(place: Place, starts: str, ends: str, weekdays: str, capacity: int, peak_capacity: int | None,
             open_on_holidays: bool) -> SlotRule:
    for rule in places.rules(place.id):
        if rule.starts < ends and starts < rule.ends and set(rule.weekdays) & set(weekdays):
            raise KunjunganError(
                f"Sesi {starts}–{ends} bertumpang tindih dengan sesi {rule.starts}–{rule.ends} yang sudah ada.")
    return places.add_slot_rule(place, starts, ends, capacity, weekdays=weekdays, peak_capacity=peak_capacity,
                                open_on_holidays=open_on_holidays)


def update_rule(place: Place, rule_id: int, capacity: int, peak_capacity: int | None, active: bool) -> SlotRule:
    rule = _own(SlotRule, rule_id, place)
    for value in (capacity, peak_capacity):
        if value is not None and value < 1:
            raise KunjunganError("Kuota sesi harus bilangan bulat positif.")
    rule.capacity, rule.peak_capacity, rule.active = capacity, peak_capacity, active
    tenant_db.session.flush()
    return rule


def add_closure(place: Place, day: date, reason: str) -> Closure:
    if day < clock.today():
        raise KunjunganError("Hari tutup tidak boleh di masa lalu.")
    return places.close_day(place, day, reason.strip() or "Tutup")


def remove_closure(place: Place, closure_id: int) -> date:
    closure = _own(Closure, closure_id, place)
    day = closure.day
    tenant_db.session.delete(closure)
    tenant_db.session.flush()
    return day


def closures(place: Place) -> list[Closure]:
    return list(tenant_db.session.scalars(
        select(Closure).where(Closure.place_id == place.id, Closure.day >= clock.today()).order_by(Closure.day)))


def resync(place: Place) -> Resync:
    """Give every slot already made that has not started the quota today's rules give it (a
    slot no rule makes any more gets no new seats). A quota is never set below ``taken``:
    the update is conditional, so a booking racing it still cannot oversell."""
    session = tenant_db.session
    moment = clock.now()
    future = list(session.scalars(select(Slot).where(Slot.place_id == place.id, Slot.starts_at > moment)))
    wanted_by_day: dict[date, dict] = {}
    changed = overbooked = 0
    for slot in future:
        day = clock.local(slot.starts_at).date()
        if day not in wanted_by_day:
            wanted_by_day[day] = {start: capacity for start, _end, capacity in slots.wanted(place.id, day)}
        target = wanted_by_day[day].get(as_utc(slot.starts_at), 0)
        if target == slot.capacity:
            continue
        result = session.execute(update(Slot).where(Slot.id == slot.id, Slot.taken <= target)
                                 .values(capacity=target).execution_options(synchronize_session=False))
        if result.rowcount:
            changed += 1
            continue
        session.execute(update(Slot).where(Slot.id == slot.id).values(capacity=Slot.taken)
                        .execution_options(synchronize_session=False))
        overbooked += 1
    session.expire_all()
    for day in {clock.today()} | set(wanted_by_day):
        slots.ensure_day(place.id, day)
    return Resync(changed, overbooked)
