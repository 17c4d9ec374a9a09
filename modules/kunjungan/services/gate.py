"""Gate check-in: one scan, one clear answer, the same answer when the request is retried.

Online, a scan is judged at once. Offline, the gate phone judges from the day's list (hashes
and statuses only) and uploads its scans later; on upload every scan is judged again at the
moment it was made, and where one ticket got in at two gates the earliest scan (then gate
name, then nonce) is the entry and the others are recorded as ``conflict``. The order in
which gates upload changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from kiblat.modules.kunjungan.models import Booking, Place, Scan, Slot, Ticket
from kiblat.modules.kunjungan.services import booking as bookings
from kiblat.modules.kunjungan.services import clock, settings, tickets
from kiblat.platform.core.times import as_utc
from kiblat.tenants.database import tenant_db

OK, USED, WRONG_SLOT, UNPAID, CANCELLED, UNKNOWN, CONFLICT, NOT_INSIDE = (
    "ok", "used", "wrong_slot", "unpaid", "cancelled", "unknown", "conflict", "not_inside")
MESSAGES = {
    OK: "Silakan masuk",
    USED: "Tiket sudah dipakai",
    WRONG_SLOT: "Bukan jadwal tiket ini",
    UNPAID: "Belum dibayar: arahkan ke loket",
    CANCELLED: "Tiket dibatalkan",
    UNKNOWN: "Tiket tidak dikenal",
    CONFLICT: "Tiket dipakai di dua gerbang",
    NOT_INSIDE: "Tiket belum tercatat masuk",
}
EXIT_OK = "Silakan keluar"
DIRECTIONS = ("in", "out")


@dataclass(frozen=True)
class ScanOutcome:
    result: str
    message: str
    ticket_type: str = ""
    holder: str = ""
    first_at: datetime | None = None
    first_gate: str = ""

    @property
    def ok(self) -> bool:
        return self.result == OK

    def as_json(self) -> dict:
        return {"result": self.result, "ok": self.ok, "message": self.message, "ticket_type": self.ticket_type,
                "holder": self.holder, "first_gate": self.first_gate,
                "first_at": clock.local(self.first_at).strftime("%H.%M %Z") if self.first_at else ""}


def _outcome(scan: Scan, direction: str) -> ScanOutcome:
    ticket = tenant_db.session.get(Ticket, scan.ticket_id) if scan.ticket_id else None
    message = EXIT_OK if direction == "out" and scan.result == OK else MESSAGES[scan.result]
    if ticket is None:
        return ScanOutcome(scan.result, message)
    first_at = as_utc(ticket.used_at) if ticket.used_at and scan.result in (USED, CONFLICT) else None
    return ScanOutcome(scan.result, message, ticket.ticket_type.name, ticket.booking.name, first_at,
                       ticket.used_gate if first_at else "")


def _judge(ticket: Ticket | None, place: Place, at: datetime, direction: str) -> str:
    """The answer a scan at ``at`` deserves, ignoring whether the ticket was used."""
    if ticket is None or ticket.booking.slot.place_id != place.id:
        return UNKNOWN  # tenants never share tickets; another place's ticket is not this gate's
    status = ticket.booking.status
    if status in (bookings.CANCELLED, bookings.EXPIRED):
        return CANCELLED
    if status == bookings.UNPAID:
        return UNPAID
    if direction == "out":
        return OK if ticket.inside else NOT_INSIDE
    slot = ticket.booking.slot
    if not as_utc(slot.starts_at) - settings.checkin_early() <= at <= as_utc(slot.ends_at):
        return WRONG_SLOT
    return OK


def _stored(nonce: str) -> Scan | None:
    return tenant_db.session.scalar(select(Scan).where(Scan.nonce == nonce))


def _enter(ticket_id: int, at: datetime, gate: str) -> bool:
    """Mark the ticket used unless it already is; true when this scan let it in."""
    entered = tenant_db.session.execute(
        update(Ticket).where(Ticket.id == ticket_id, Ticket.used_at.is_(None))
        .values(used_at=at, used_gate=gate, inside=True).execution_options(synchronize_session=False))
    return entered.rowcount == 1


def _leave(ticket_id: int, slot_id: int, release: bool, at: datetime) -> bool:
    session = tenant_db.session
    left = session.execute(
        update(Ticket).where(Ticket.id == ticket_id, Ticket.inside.is_(True))
        .values(inside=False, left_at=at).execution_options(synchronize_session=False))
    if left.rowcount == 1 and release:
        session.execute(update(Slot).where(Slot.id == slot_id, Slot.taken > 0)
                        .values(taken=Slot.taken - 1).execution_options(synchronize_session=False))
    return left.rowcount == 1


def scan(place: Place, code: str, nonce: str, gate: str, direction: str = "in",
         actor_id: int | None = None) -> ScanOutcome:
    """Judge one scan now. A nonce seen before returns the first answer and changes nothing."""
    if direction not in DIRECTIONS:
        direction = "in"
    nonce, gate = (nonce or "").strip()[:64], (gate or "").strip()[:40] or "Gerbang"
    session = tenant_db.session
    if not nonce:
        return ScanOutcome(UNKNOWN, "Permintaan tidak lengkap; muat ulang halaman gerbang.")
    first = _stored(nonce)
    if first is not None:
        return _outcome(first, first.direction)
    ticket = tickets.by_code(code)
    moment = clock.now()
    result = _judge(ticket, place, moment, direction)
    ticket_id = ticket.id if ticket else None
    slot_id, release = (ticket.slot_id, ticket.booking.slot.place.release_on_exit) if ticket else (None, False)
    session.commit()  # end the reads: the writes below open their own transaction (SQLite)
    if result == OK and direction == "in" and not _enter(ticket_id, moment, gate):
        result = USED
    if result == OK and direction == "out" and not _leave(ticket_id, slot_id, release, moment):
        result = NOT_INSIDE
    record = Scan(nonce=nonce, ticket_id=ticket_id, gate=gate, direction=direction,
                  result=result, scanned_at=moment, received_at=moment, actor_id=actor_id)
    session.add(record)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()  # the same request arrived twice at once: the first one answers
        return _outcome(_stored(nonce), direction)
    return _outcome(record, direction)


@dataclass(frozen=True)
class OfflineScan:
    nonce: str
    code: str
    gate: str
    direction: str
    scanned_at: datetime
    admitted: bool = True  # what the gate phone answered: only admitted scans can be entries


@dataclass(frozen=True)
class SyncReport:
    received: int
    duplicates: int
    conflicts: list[dict]


def _order(scan: Scan) -> tuple:
    return (as_utc(scan.scanned_at), scan.gate, scan.nonce)


def _resolve(ticket: Ticket) -> list[Scan]:
    """Earliest entry wins; returns the scans that lost (now ``conflict``)."""
    entries = sorted(tenant_db.session.scalars(
        select(Scan).where(Scan.ticket_id == ticket.id, Scan.direction == "in", Scan.result.in_((OK, CONFLICT)))),
        key=_order)
    if not entries:
        return []
    winner, losers = entries[0], entries[1:]
    winner.result = OK
    ticket.used_at, ticket.used_gate = winner.scanned_at, winner.gate
    if not ticket.left_at:
        ticket.inside = True
    for loser in losers:
        loser.result = CONFLICT
    return losers


def sync(place: Place, scans: list[OfflineScan], actor_id: int | None = None) -> SyncReport:
    """Store scans made offline (they already let people in or turned them away)."""
    session = tenant_db.session
    duplicates, touched = 0, {}
    for item in sorted(scans, key=lambda s: (s.scanned_at, s.gate, s.nonce)):
        nonce = item.nonce.strip()[:64]
        if not nonce or _stored(nonce) is not None:
            duplicates += 1
            continue
        ticket = tickets.by_code(item.code)
        direction = item.direction if item.direction in DIRECTIONS else "in"
        at = min(item.scanned_at.astimezone(UTC), clock.now())
        result = _judge(ticket, place, at, direction)
        if result == OK and not item.admitted:
            result = USED  # the phone knew better (its list or its own earlier scan): nobody got in
        if result == OK and direction == "out":
            _leave(ticket.id, ticket.slot_id, ticket.booking.slot.place.release_on_exit, at)
        session.add(Scan(nonce=nonce, ticket_id=ticket.id if ticket else None, gate=item.gate.strip()[:40] or "Gerbang",
                         direction=direction, result=result, scanned_at=at, offline=True, actor_id=actor_id))
        session.flush()
        if ticket is not None and result == OK and direction == "in":
            touched[ticket.id] = ticket
    conflicts = []
    for ticket in touched.values():
        session.refresh(ticket)
        for loser in _resolve(ticket):
            conflicts.append({"ticket_type": ticket.ticket_type.name, "holder": ticket.booking.name,
                              "gate": loser.gate, "at": clock.local(loser.scanned_at),
                              "first_gate": ticket.used_gate, "first_at": clock.local(ticket.used_at)})
    session.commit()
    return SyncReport(len(scans) - duplicates, duplicates, conflicts)


def day_list(place: Place, day: date) -> list[dict]:
    """What an offline gate needs for ``day``: hashes, statuses and the check-in window
    (milliseconds since 1970), never the secrets themselves."""
    start, end = clock.day_bounds(day)
    early = settings.checkin_early()
    rows = tenant_db.session.execute(
        select(Ticket.secret_hash, Booking.status, Slot.starts_at, Slot.ends_at, Ticket.used_at, Ticket.used_gate)
        .join(Booking, Ticket.booking_id == Booking.id).join(Slot, Ticket.slot_id == Slot.id)
        .where(Slot.place_id == place.id, Slot.starts_at >= start, Slot.starts_at < end))

    def ms(value: datetime | None) -> int | None:
        return int(as_utc(value).timestamp() * 1000) if value else None

    return [{"h": h, "s": status, "from": ms(as_utc(starts) - early), "to": ms(ends), "u": ms(used), "g": gate}
            for h, status, starts, ends, used, gate in rows]


def recent_conflicts(place: Place, limit: int = 50) -> list[Scan]:
    return list(tenant_db.session.scalars(
        select(Scan).join(Ticket, Scan.ticket_id == Ticket.id).join(Slot, Ticket.slot_id == Slot.id)
        .where(Scan.result == CONFLICT, Slot.place_id == place.id).order_by(Scan.scanned_at.desc()).limit(limit)))
