"""The sample rows the demo and the cross-tenant probe use: a place with every kind of row."""

from __future__ import annotations

import secrets
from datetime import timedelta

from kiblat.modules.kunjungan.services import booking, clock, gate, online, places, slots, tickets
from kiblat.platform.payments import accounts
from kiblat.platform.payments.models import PaymentEvent
from kiblat.tenants.database import tenant_db


def sample_data(marker: str) -> None:
    """A place, its ticket types, a rule, a closure, a booking with tickets and scans, one paid
    online (with its Stripe event) and the regency's (switched off) Stripe settings."""
    tag = secrets.token_hex(3)
    place = places.ensure_place(f"contoh-{tag}", "kunjungan", f"{marker} tempat wisata", address=f"{marker} jalan")
    adult = places.ensure_ticket_type(place, "dewasa", f"{marker} dewasa", 15_000, 1)
    child = places.ensure_ticket_type(place, "anak", f"{marker} anak", 10_000, 2)
    places.add_slot_rule(place, "00:00", "23:59", 50)
    places.close_day(place, clock.today() + timedelta(days=30), f"{marker} perawatan")
    day = clock.today() + timedelta(days=1)
    slot = slots.slots_on(place.id, day)[0]
    order = booking.Order(slot.id, {adult.id: 2, child.id: 1}, f"{marker} keluarga", f"keluarga-{tag}@example.id")
    paid = booking.book(order, secrets.token_hex(16), paid_method="cash")
    unpaid = booking.book(order, secrets.token_hex(16))
    booking.cancel(unpaid.id, f"{marker} batal", by_staff=True)
    gate.scan(place, tickets.qr_text(paid.tickets[0]), secrets.token_hex(8), f"{marker} gerbang")
    accounts.save(online.OWNER, "", "", False, f"{marker} pengelola")
    paid_online = booking.book(order, secrets.token_hex(16), pay_online=True)
    booking.mark_paid_online(paid_online.id, f"pi_{tag}")
    tenant_db.session.add(PaymentEvent(owner=online.OWNER, event_id=f"evt_{tag}", ref=paid_online.code,
                                       outcome=online.PAID, received_at=clock.now()))
    tenant_db.session.commit()
