"""Booking: exact seats, per-ticket quotas, bad input refused with nothing taken."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

import pytest

from kiblat.modules.kunjungan import api as kunjungan
from kiblat.modules.kunjungan.services import booking, slots
from kiblat.modules.kunjungan.services.errors import KunjunganError, SoldOut
from kiblat.platform.core.times import as_utc
from tests.modules.kunjungan.helpers import (
    NOW,
    SATURDAY,
    book,
    in_tenant,
    make_park,
    order,
    slot_at,
)


def test_a_family_books_four_tickets_and_the_quota_counts_tickets(app, park_tenant) -> None:  # noqa: ANN001
    with in_tenant(app, park_tenant):
        park = make_park(capacity=10)
        slot_id = slot_at(park, SATURDAY)
        family = book(park, slot_id, adults=2, children=2)
        assert (family.seats, family.total, family.status) == (4, 60_000, "unpaid")
        assert len(family.tickets) == 4 and len({t.secret for t in family.tickets}) == 4
        [view] = [v for v in kunjungan.availability(park.place_id, SATURDAY) if v.id == slot_id]
        assert (view.capacity, view.left, view.bookable) == (10, 6, True)


@pytest.mark.parametrize(("adults", "children", "message"), [
    (0, 0, "paling sedikit satu"),
    (-1, 2, "tidak negatif"),
    (11, 0, "Sisa kuota sesi ini 10 tiket"),
])
def test_bad_counts_take_no_seat(app, park_tenant, adults, children, message) -> None:  # noqa: ANN001
    with in_tenant(app, park_tenant):
        park = make_park(capacity=10)
        slot_id = slot_at(park, SATURDAY)
        with pytest.raises(KunjunganError, match=message):
            book(park, slot_id, adults=adults, children=children)
        assert slots.get(slot_id).taken == 0
        assert booking.of_user(0) == []


def test_a_slot_in_the_past_or_too_far_ahead_is_refused(app, park_tenant) -> None:  # noqa: ANN001
    with in_tenant(app, park_tenant):
        park = make_park()
        yesterday = slot_at(park, NOW.date() - timedelta(days=1))
        with pytest.raises(KunjunganError, match="sudah lewat"):
            book(park, yesterday)
        far = slot_at(park, NOW.date() + timedelta(days=90))
        with pytest.raises(KunjunganError, match="60 hari"):
            book(park, far)


def test_the_same_form_sent_twice_books_once(app, park_tenant) -> None:  # noqa: ANN001
    with in_tenant(app, park_tenant):
        park = make_park()
        slot_id = slot_at(park, SATURDAY)
        key = secrets.token_hex(16)
        first = booking.book(order(park, slot_id, 3), key)
        again = booking.book(order(park, slot_id, 3), key)
        assert first.id == again.id
        assert slots.get(slot_id).taken == 3


def test_a_full_slot_says_how_many_are_left(app, park_tenant) -> None:  # noqa: ANN001
    with in_tenant(app, park_tenant):
        park = make_park(capacity=5)
        slot_id = slot_at(park, SATURDAY)
        book(park, slot_id, adults=4)
        with pytest.raises(SoldOut) as refused:
            book(park, slot_id, adults=2)
        assert refused.value.left == 1
        book(park, slot_id, adults=1)
        [view] = kunjungan.availability(park.place_id, SATURDAY)
        assert (view.left, view.bookable) == (0, False)


def test_unpaid_bookings_expire_after_the_slot_starts_and_free_their_seats(app, park_tenant, monkeypatch) -> None:  # noqa: ANN001
    from kiblat.modules.kunjungan.services import clock

    with in_tenant(app, park_tenant):
        park = make_park(capacity=5)
        slot_id = slot_at(park, SATURDAY)
        unpaid = book(park, slot_id, adults=3)
        paid = book(park, slot_id, adults=2, paid_method="qris")
        assert slots.get(slot_id).taken == 5
        expired = as_utc(unpaid.expires_at) + timedelta(minutes=1)
        monkeypatch.setattr(clock, "now", lambda: expired)
        assert booking.release_expired() == 1
        assert booking.get(unpaid.id).status == "expired"
        assert booking.get(paid.id).status == "paid"
        assert slots.get(slot_id).taken == 2


def test_visitors_cancel_before_the_cutoff_staff_any_time(app, park_tenant) -> None:  # noqa: ANN001
    with in_tenant(app, park_tenant):
        park = make_park()
        saturday = book(park, slot_at(park, SATURDAY), adults=2)
        tomorrow_early = book(park, slot_at(park, date(2031, 3, 7)), adults=1)  # today 10:00, two hours away
        with pytest.raises(KunjunganError, match="24 jam"):
            booking.cancel(tomorrow_early.id, "", by_staff=False, user_id=None)
        booking.cancel(saturday.id, "", by_staff=False, user_id=None)
        assert booking.get(saturday.id).status == "cancelled"
        assert slots.get(saturday.slot_id).taken == 0
        staff = booking.cancel(tomorrow_early.id, "Hujan lebat", by_staff=True)
        assert staff.cancel_reason == "Hujan lebat"
        with pytest.raises(KunjunganError, match="tidak berlaku"):
            booking.cancel(saturday.id, "", by_staff=True)


def test_peak_capacity_on_weekends_and_closures(app, park_tenant) -> None:  # noqa: ANN001
    from kiblat.modules.kunjungan.services import places

    with in_tenant(app, park_tenant):
        place = places.ensure_place("kebun", "tests", "Kebun")
        places.add_slot_rule(place, "08:00", "10:00", 100, peak_capacity=300)
        places.close_day(place, date(2031, 3, 10), "Perawatan")
        assert [s.capacity for s in slots.slots_on(place.id, date(2031, 3, 7))] == [100]  # Friday
        assert [s.capacity for s in slots.slots_on(place.id, SATURDAY)] == [300]
        assert slots.slots_on(place.id, date(2031, 3, 10)) == []
