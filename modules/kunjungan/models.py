"""Kunjungan tables, all named ``kunjungan_*``.

Configuration (registered by the modules that own a place): places, ticket types, slot rules
and closures. Visitor data: slots (materialised from the rules, each holding its quota),
bookings, tickets and gate scans.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiblat.tenants.database import TenantModel
from kiblat.tenants.models import utcnow


class Place(TenantModel):
    """Somewhere people visit with a ticket: a park, a museum. ``owner`` is the module key."""

    __tablename__ = "kunjungan_place"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    owner: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(160))
    address: Mapped[str] = mapped_column(String(300), default="")
    # Leaving through the gate frees the seat for walk-ins of the same slot.
    release_on_exit: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class TicketType(TenantModel):
    __tablename__ = "kunjungan_ticket_type"
    __table_args__ = (UniqueConstraint("place_id", "key"), CheckConstraint("price >= 0", name="price_not_negative"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("kunjungan_place.id"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    price: Mapped[int] = mapped_column(BigInteger, default=0)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class SlotRule(TenantModel):
    """Recurring slots: on ``weekdays`` (``1``=Monday … ``7``) from ``starts`` to ``ends`` (local
    ``HH:MM``); ``peak_capacity`` applies on weekends and national holidays when set."""

    __tablename__ = "kunjungan_slot_rule"
    __table_args__ = (CheckConstraint("capacity > 0", name="capacity_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("kunjungan_place.id"), index=True)
    weekdays: Mapped[str] = mapped_column(String(7), default="1234567")
    starts: Mapped[str] = mapped_column(String(5))
    ends: Mapped[str] = mapped_column(String(5))
    capacity: Mapped[int] = mapped_column(Integer)
    peak_capacity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    open_on_holidays: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Closure(TenantModel):
    """A day a place is closed (an exception to its rules)."""

    __tablename__ = "kunjungan_closure"
    __table_args__ = (UniqueConstraint("place_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("kunjungan_place.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")


class Slot(TenantModel):
    """One bookable time slot and its quota, counted per ticket: ``taken`` never exceeds
    ``capacity`` (a check constraint backs the conditional update that books seats)."""

    __tablename__ = "kunjungan_slot"
    __table_args__ = (
        UniqueConstraint("place_id", "starts_at"),
        CheckConstraint("taken >= 0 AND taken <= capacity", name="within_capacity"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("kunjungan_place.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    capacity: Mapped[int] = mapped_column(Integer)
    taken: Mapped[int] = mapped_column(Integer, default=0)

    place: Mapped[Place] = relationship(Place, lazy="joined")


class Booking(TenantModel):
    """Tickets bought together. ``status``: ``unpaid`` (seats held until ``expires_at``),
    ``paid``, ``cancelled``, ``expired``."""

    __tablename__ = "kunjungan_booking"
    __table_args__ = (CheckConstraint("total >= 0", name="total_not_negative"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    request_key: Mapped[str] = mapped_column(String(64), unique=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("kunjungan_slot.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    name: Mapped[str] = mapped_column(String(160))
    email: Mapped[str] = mapped_column(String(254), default="")
    status: Mapped[str] = mapped_column(String(12), default="unpaid", index=True)
    total: Mapped[int] = mapped_column(BigInteger, default=0)
    seats: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    paid_method: Mapped[str] = mapped_column(String(12), default="")
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    cancel_reason: Mapped[str] = mapped_column(String(200), default="")
    walk_in: Mapped[bool] = mapped_column(Boolean, default=False)
    # Paid through the regency's Stripe account: the tickets are shown only once Stripe reports payment.
    pay_online: Mapped[bool] = mapped_column(Boolean, default=False)
    payment_reference: Mapped[str] = mapped_column(String(80), default="")

    slot: Mapped[Slot] = relationship(Slot, lazy="joined")
    # Loaded when read (booking pages), not with every booking: a gate scan needs one ticket of a group of 60.
    tickets: Mapped[list[Ticket]] = relationship(
        "kiblat.modules.kunjungan.models.Ticket", back_populates="booking", lazy="select",
        order_by="kiblat.modules.kunjungan.models.Ticket.id",
    )


class Ticket(TenantModel):
    """One admission. The QR carries ``secret`` (with a signature); gates that work offline
    get only ``secret_hash``."""

    __tablename__ = "kunjungan_ticket"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("kunjungan_booking.id"), index=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("kunjungan_slot.id"), index=True)
    type_id: Mapped[int] = mapped_column(ForeignKey("kunjungan_ticket_type.id"))
    price: Mapped[int] = mapped_column(BigInteger)
    secret: Mapped[str] = mapped_column(String(40), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    used_gate: Mapped[str] = mapped_column(String(40), default="")
    inside: Mapped[bool] = mapped_column(Boolean, default=False)
    left_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    booking: Mapped[Booking] = relationship(Booking, back_populates="tickets")
    ticket_type: Mapped[TicketType] = relationship(TicketType, lazy="joined")


class Scan(TenantModel):
    """Every scan at a gate, online or uploaded later. ``nonce`` makes a retried request
    return the first answer; ``result`` is ``ok``, ``used``, ``wrong_slot``, ``unpaid``,
    ``cancelled``, ``unknown`` or ``conflict`` (an offline scan that lost to an earlier one)."""

    __tablename__ = "kunjungan_scan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64), unique=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("kunjungan_ticket.id"), nullable=True, index=True)
    gate: Mapped[str] = mapped_column(String(40))
    direction: Mapped[str] = mapped_column(String(3), default="in")
    result: Mapped[str] = mapped_column(String(12))
    scanned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    offline: Mapped[bool] = mapped_column(Boolean, default=False)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
