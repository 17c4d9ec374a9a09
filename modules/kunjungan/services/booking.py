"""Booking seats in a slot: exact, and never oversold however many people book at once.

Seats are taken by one conditional update (``taken = taken + n`` only where the result stays
within ``capacity``), the first statement of its transaction: PostgreSQL re-checks the
condition after waiting for the row lock, SQLite serialises writers, and a check constraint
backs both. Every booking form carries a one-time key, so a double tap books once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from kiblat.modules.kunjungan.models import Booking, Slot, Ticket, TicketType
from kiblat.modules.kunjungan.services import clock, places, settings
from kiblat.modules.kunjungan.services.errors import KunjunganError, SoldOut
from kiblat.platform.core.times import as_utc
from kiblat.tenants.database import tenant_db

CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"
PAY_METHODS = {"cash": "Tunai", "qris": "QRIS"}
ONLINE = "stripe"  # paid_method of a booking Stripe reported paid
UNPAID, PAID, CANCELLED, EXPIRED = "unpaid", "paid", "cancelled", "expired"


@dataclass(frozen=True)
class Order:
    """What a visitor asks for: ticket counts by ticket type id."""

    slot_id: int
    counts: dict[int, int]
    name: str
    email: str = ""
    user_id: int | None = None
    place_id: int | None = None  # when given, the slot must belong to this place


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def _secret() -> tuple[str, str]:
    secret = secrets.token_urlsafe(24)
    return secret, hashlib.sha256(secret.encode()).hexdigest()


def _check(order: Order, walk_in: bool) -> tuple[Slot, list[tuple[TicketType, int]]]:
    session = tenant_db.session
    slot = session.get(Slot, order.slot_id)
    if slot is None or (order.place_id is not None and slot.place_id != order.place_id):
        raise KunjunganError("Sesi kunjungan tidak ditemukan.")
    moment = clock.now()
    if as_utc(slot.ends_at if walk_in else slot.starts_at) <= moment:
        raise KunjunganError("Sesi ini sudah lewat; pilih sesi lain.")
    if as_utc(slot.starts_at) > moment + timedelta(days=settings.days_ahead()):
        raise KunjunganError(f"Sesi hanya dapat dipesan paling lambat {settings.days_ahead()} hari ke depan.")
    types = {t.id: t for t in places.ticket_types(slot.place_id)}
    lines = []
    for type_id, count in order.counts.items():
        if type_id not in types:
            raise KunjunganError("Jenis tiket tidak dikenal untuk tempat ini.")
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise KunjunganError(f"Jumlah tiket {types[type_id].name} harus bilangan bulat, tidak negatif.")
        if count:
            lines.append((types[type_id], count))
    seats = sum(count for _t, count in lines)
    if seats == 0:
        raise KunjunganError("Pilih paling sedikit satu tiket.")
    most = settings.max_tickets_per_booking()
    if seats > most:
        raise KunjunganError(f"Satu pemesanan paling banyak {most} tiket; untuk rombongan lebih besar, pesan beberapa kali.")
    if not order.name.strip():
        raise KunjunganError("Nama pemesan wajib diisi.")
    return slot, lines


def by_request_key(request_key: str) -> Booking | None:
    return tenant_db.session.scalar(select(Booking).where(Booking.request_key == request_key))


def book(order: Order, request_key: str, *, walk_in: bool = False, paid_method: str | None = None,
         pay_online: bool = False) -> Booking:
    """Take the seats and issue one ticket per seat; raises ``SoldOut`` or ``KunjunganError``.

    ``pay_online``: the visitor pays through Stripe now, so the seats are held only for
    ``online_hold_minutes`` (or until the slot's usual limit, if sooner)."""
    if not request_key or len(request_key) > 64:
        raise KunjunganError("Formulir pemesanan tidak lengkap; muat ulang halaman.")
    if paid_method is not None and paid_method not in PAY_METHODS:
        raise KunjunganError("Cara bayar tidak dikenal.")
    existing = by_request_key(request_key)
    if existing is not None:
        return existing
    release_expired(order.slot_id)
    slot, lines = _check(order, walk_in)
    seats = sum(count for _t, count in lines)
    slot_id, starts_at = slot.id, as_utc(slot.starts_at)
    priced = [(t.id, t.price, count) for t, count in lines]
    session = tenant_db.session
    session.commit()  # end the reads: the seat update must open its own transaction (SQLite)
    taken = session.execute(
        update(Slot).where(Slot.id == slot_id, Slot.taken + seats <= Slot.capacity)
        .values(taken=Slot.taken + seats).execution_options(synchronize_session=False))
    if taken.rowcount != 1:
        session.rollback()
        left = max(0, (session.get(Slot, slot_id).capacity - session.get(Slot, slot_id).taken))
        raise SoldOut(f"Sisa kuota sesi ini {left} tiket; kurangi jumlah tiket atau pilih sesi lain.", left)
    moment = clock.now()
    expires_at = starts_at + settings.unpaid_grace()
    pay_online = pay_online and not paid_method and any(price for _id, price, _n in priced)
    if pay_online:
        expires_at = min(expires_at, moment + settings.online_hold())
    booking = Booking(
        code=_new_code(), request_key=request_key, slot_id=slot_id, user_id=order.user_id,
        name=order.name.strip()[:160], email=order.email.strip()[:254], seats=seats,
        total=sum(price * count for _id, price, count in priced), walk_in=walk_in,
        status=PAID if paid_method else UNPAID, paid_method=paid_method or "",
        paid_at=moment if paid_method else None, created_at=moment,
        expires_at=expires_at, pay_online=pay_online,
    )
    try:
        session.add(booking)
        session.flush()
        for type_id, price, count in priced:
            for _ in range(count):
                secret, digest = _secret()
                session.add(Ticket(booking_id=booking.id, slot_id=slot_id, type_id=type_id, price=price,
                                   secret=secret, secret_hash=digest))
        session.commit()
    except IntegrityError:
        # The same form sent twice at once: this transaction (seats too) is undone, the first stands.
        session.rollback()
        first = by_request_key(request_key)
        if first is None:
            raise
        return first
    return booking


def _release(booking_id: int, to_status: str, reason: str = "") -> bool:
    """Move a live booking to ``to_status`` and give its unused seats back, in one transaction."""
    session = tenant_db.session
    moment = clock.now()
    changed = session.execute(
        update(Booking).where(Booking.id == booking_id, Booking.status.in_((UNPAID, PAID)))
        .values(status=to_status, cancelled_at=moment, cancel_reason=reason[:200])
        .execution_options(synchronize_session=False))
    if changed.rowcount != 1:
        session.rollback()
        return False
    booking = session.get(Booking, booking_id)
    session.refresh(booking)
    held = sum(1 for t in booking.tickets if not (t.left_at and booking.slot.place.release_on_exit))
    session.execute(update(Slot).where(Slot.id == booking.slot_id).values(taken=Slot.taken - held)
                    .execution_options(synchronize_session=False))
    session.commit()
    return True


def release_expired(slot_id: int | None = None) -> int:
    """Expire unpaid bookings whose hold has run out; their seats become free again."""
    session = tenant_db.session
    query = select(Booking.id).where(Booking.status == UNPAID, Booking.expires_at <= clock.now())
    if slot_id is not None:
        query = query.where(Booking.slot_id == slot_id)
    ids = list(session.scalars(query))
    session.commit()
    return sum(1 for booking_id in ids if _release(booking_id, EXPIRED, "Tidak dibayar sampai batas waktu"))


def get(booking_id: int) -> Booking | None:
    return tenant_db.session.get(Booking, booking_id)


def by_code(code: str) -> Booking | None:
    return tenant_db.session.scalar(select(Booking).where(Booking.code == code.strip().upper()))


def booking_codes_of(user_id: int) -> list[str]:
    """The codes of an account's bookings (a place that sells on the spot files its sales by them)."""
    return list(tenant_db.session.scalars(select(Booking.code).where(Booking.user_id == user_id)))


def of_user(user_id: int) -> list[Booking]:
    return list(tenant_db.session.scalars(
        select(Booking).join(Slot).where(Booking.user_id == user_id).order_by(Slot.starts_at.desc(), Booking.id)))


def mark_paid(booking_id: int, method: str) -> Booking:
    """The counter took the money (cash or QRIS)."""
    if method not in PAY_METHODS:
        raise KunjunganError("Cara bayar tidak dikenal.")
    session = tenant_db.session
    changed = session.execute(
        update(Booking).where(Booking.id == booking_id, Booking.status == UNPAID)
        .values(status=PAID, paid_method=method, paid_at=clock.now()).execution_options(synchronize_session=False))
    booking = session.get(Booking, booking_id)
    if changed.rowcount != 1:
        session.rollback()
        if booking is None:
            raise KunjunganError("Pemesanan tidak ditemukan.")
        session.refresh(booking)
        if booking.status != PAID:
            raise KunjunganError("Pemesanan ini sudah batal dan tidak dapat dibayar.")
        return booking
    session.commit()
    return booking


def mark_paid_online(booking_id: int, reference: str) -> bool:
    """Stripe reported the payment. True when this call marked the booking paid; False when it
    was paid already or is no longer live (expired or cancelled: the money must go back)."""
    session = tenant_db.session
    changed = session.execute(
        update(Booking).where(Booking.id == booking_id, Booking.status == UNPAID)
        .values(status=PAID, paid_method=ONLINE, paid_at=clock.now(), payment_reference=reference[:80])
        .execution_options(synchronize_session=False))
    if changed.rowcount != 1:
        session.rollback()
        return False
    session.commit()
    return True


def tickets_issued(booking: Booking) -> bool:
    """The QR tickets may be shown: paid, or to be paid at the counter (the gate then says unpaid).
    A booking that chose to pay online gets its tickets only once Stripe reports the payment."""
    return booking.status == PAID or (booking.status == UNPAID and not booking.pay_online)


def cancel(booking_id: int, reason: str, *, by_staff: bool, user_id: int | None = None) -> Booking:
    """Visitors cancel their own bookings up to the cutoff; staff any time. Used tickets stay."""
    session = tenant_db.session
    booking = session.get(Booking, booking_id)
    if booking is None or (not by_staff and booking.user_id != user_id):
        raise KunjunganError("Pemesanan tidak ditemukan.")
    if booking.status not in (UNPAID, PAID):
        raise KunjunganError("Pemesanan ini sudah tidak berlaku.")
    if any(t.used_at for t in booking.tickets):
        raise KunjunganError("Sebagian tiket sudah dipakai masuk; pemesanan tidak dapat dibatalkan.")
    if not by_staff and as_utc(booking.slot.starts_at) - settings.cancel_cutoff() < clock.now():
        hours = int(settings.cancel_cutoff().total_seconds() // 3600)
        raise KunjunganError(f"Pembatalan sendiri hanya sampai {hours} jam sebelum sesi; hubungi loket.")
    if not _release(booking_id, CANCELLED, reason or ("Dibatalkan petugas" if by_staff else "Dibatalkan pengunjung")):
        raise KunjunganError("Pemesanan ini sudah tidak berlaku.")
    session.refresh(booking)
    return booking


def refund_due(booking: Booking) -> int:
    """Rupiah to hand back for a cancelled booking that was paid."""
    return booking.total if booking.status == CANCELLED and booking.paid_at else 0

