"""Gate check-in: clear answers, idempotent retries, offline scans synced with conflicts."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta

import pytest

from kiblat.modules.kunjungan.services import booking, clock, gate, places, slots, tickets
from kiblat.tenants.database import tenant_db
from tests.modules.kunjungan.helpers import NOW, SATURDAY, in_tenant

TODAY = date(2031, 3, 7)


@pytest.fixture
def park(app, park_tenant):  # noqa: ANN001, ANN201
    """A park open all day today (07:00 local now) with a 10:00 slot on Saturday too."""
    with in_tenant(app, park_tenant):
        place = places.ensure_place("taman", "tests", "Taman Uji", release_on_exit=True)
        places.ensure_ticket_type(place, "dewasa", "Dewasa", 20_000, 1)
        places.add_slot_rule(place, "00:00", "23:59", 50)
        places.add_slot_rule(place, "10:00", "12:00", 50, weekdays="6")
        tenant_db.session.commit()
    return park_tenant


def _place():  # noqa: ANN202
    return places.place_by_key("taman")


def _book(day: date = TODAY, hour: str = "00:00", adults: int = 2, **kwargs) -> booking.Booking:  # noqa: ANN003
    place = _place()
    [slot_id] = [s.id for s in slots.slots_on(place.id, day) if clock.local(s.starts_at).strftime("%H:%M") == hour]
    order = booking.Order(slot_id, {places.ticket_types(place.id)[0].id: adults}, "Keluarga Nasution")
    return booking.book(order, secrets.token_hex(16), walk_in=True, **kwargs)


def test_ok_then_used_with_the_first_time_and_gate(app, park) -> None:  # noqa: ANN001
    with in_tenant(app, park):
        code = tickets.qr_text(_book(paid_method="cash").tickets[0])
        first = gate.scan(_place(), code, "n-1", "Gerbang Utara")
        assert (first.result, first.message) == ("ok", "Silakan masuk")
        again = gate.scan(_place(), code, "n-2", "Gerbang Selatan")
        assert (again.result, again.first_gate, again.first_at) == ("used", "Gerbang Utara", NOW)
        assert again.as_json()["first_at"].endswith(("WIB", "WITA", "WIT"))


def test_a_retried_request_gets_the_first_answer(app, park) -> None:  # noqa: ANN001
    with in_tenant(app, park):
        code = tickets.qr_text(_book(paid_method="cash").tickets[0])
        assert gate.scan(_place(), code, "same-nonce", "A").result == "ok"
        assert gate.scan(_place(), code, "same-nonce", "A").result == "ok"
        assert gate.scan(_place(), code, "other-nonce", "A").result == "used"


@pytest.mark.parametrize("tamper", [
    lambda code: code[:-1] + ("A" if code[-1] != "A" else "B"),   # signature altered
    lambda code: ("X" if code[0] != "X" else "Y") + code[1:],     # secret altered (never left as it was)
    lambda code: "bukan kode",
    lambda code: "",
    lambda code: code + "." * 200,
])
def test_forged_or_altered_codes_are_unknown(app, park, tamper) -> None:  # noqa: ANN001
    with in_tenant(app, park):
        ticket = _book(paid_method="cash").tickets[0]
        outcome = gate.scan(_place(), tamper(tickets.qr_text(ticket)), "n-forged", "A")
        assert outcome.result == "unknown"
        assert booking.get(ticket.booking_id).tickets[0].used_at is None


def test_unpaid_cancelled_and_wrong_slot(app, park) -> None:  # noqa: ANN001
    with in_tenant(app, park):
        unpaid = _book()
        assert gate.scan(_place(), tickets.qr_text(unpaid.tickets[0]), "n-a", "A").result == "unpaid"
        booking.mark_paid(unpaid.id, "qris")
        assert gate.scan(_place(), tickets.qr_text(unpaid.tickets[0]), "n-b", "A").result == "ok"
        cancelled = _book(paid_method="cash")
        booking.cancel(cancelled.id, "Hujan", by_staff=True)
        assert gate.scan(_place(), tickets.qr_text(cancelled.tickets[0]), "n-c", "A").result == "cancelled"
        saturday = _book(SATURDAY, "10:00", paid_method="cash")
        outcome = gate.scan(_place(), tickets.qr_text(saturday.tickets[0]), "n-d", "A")
        assert (outcome.result, outcome.message) == ("wrong_slot", "Bukan jadwal tiket ini")


def test_a_ticket_of_another_regency_is_unknown(app, park, make_tenant) -> None:  # noqa: ANN001
    other = make_tenant(modules=("kunjungan",))
    with in_tenant(app, other):
        place = places.ensure_place("taman", "tests", "Taman Lain")
        places.ensure_ticket_type(place, "dewasa", "Dewasa", 5_000)
        places.add_slot_rule(place, "00:00", "23:59", 50)
        slot_id = slots.slots_on(place.id, TODAY)[0].id
        foreign = booking.book(booking.Order(slot_id, {places.ticket_types(place.id)[0].id: 1}, "Tamu"), "k" * 32,
                               walk_in=True, paid_method="cash")
        code = tickets.qr_text(foreign.tickets[0])
    with in_tenant(app, park):
        assert gate.scan(_place(), code, "n-foreign", "A").result == "unknown"


def test_exit_frees_the_seat_where_configured(app, park) -> None:  # noqa: ANN001
    with in_tenant(app, park):
        visit = _book(paid_method="cash", adults=1)
        code = tickets.qr_text(visit.tickets[0])
        taken = slots.get(visit.slot_id).taken
        assert gate.scan(_place(), code, "n-out-early", "A", "out").result == "not_inside"
        gate.scan(_place(), code, "n-in", "A")
        outcome = gate.scan(_place(), code, "n-out", "A", "out")
        assert (outcome.result, outcome.message) == ("ok", "Silakan keluar")
        assert slots.get(visit.slot_id).taken == taken - 1


def test_the_day_list_has_hashes_never_secrets(app, park) -> None:  # noqa: ANN001
    with in_tenant(app, park):
        visit = _book(paid_method="cash")
        listed = gate.day_list(_place(), TODAY)
        hashes = {row["h"] for row in listed}
        assert {hashlib.sha256(t.secret.encode()).hexdigest() for t in visit.tickets} <= hashes
        assert not any(t.secret in str(listed) for t in visit.tickets)
        assert {row["s"] for row in listed} == {"paid"}


def test_offline_scans_sync_and_the_earliest_entry_wins(app, park) -> None:  # noqa: ANN001
    with in_tenant(app, park):
        visit = _book(paid_method="cash", adults=3)
        one, two, three = (tickets.qr_text(t) for t in visit.tickets)
        early, late = NOW - timedelta(minutes=20), NOW - timedelta(minutes=5)
        north = [gate.OfflineScan("u-1", one, "Utara", "in", late), gate.OfflineScan("u-2", two, "Utara", "in", late)]
        south = [gate.OfflineScan("s-1", one, "Selatan", "in", early),
                 gate.OfflineScan("s-2", "palsu.kode", "Selatan", "in", early)]
        first = gate.sync(_place(), north)
        assert (first.received, first.duplicates, first.conflicts) == (2, 0, [])
        second = gate.sync(_place(), south)
        # The south gate scanned ticket one earlier: it is the entry; the north scan is the conflict.
        assert [(c["gate"], c["first_gate"]) for c in second.conflicts] == [("Utara", "Selatan")]
        again = gate.sync(_place(), north + south)
        assert (again.received, again.duplicates) == (0, 4)
        ticket_one = visit.tickets[0]
        assert ticket_one.used_gate == "Selatan"
        # The third ticket was never scanned offline: online it still gets in once.
        assert gate.scan(_place(), three, "n-three", "Utara").result == "ok"
        assert gate.scan(_place(), one, "n-one", "Utara").result == "used"


def test_upload_order_does_not_change_the_winner(app, park) -> None:  # noqa: ANN001
    with in_tenant(app, park):
        visit = _book(paid_method="cash", adults=1)
        code = tickets.qr_text(visit.tickets[0])
        gate.sync(_place(), [gate.OfflineScan("a-1", code, "Selatan", "in", NOW - timedelta(minutes=20))])
        report = gate.sync(_place(), [gate.OfflineScan("b-1", code, "Utara", "in", NOW - timedelta(minutes=30))])
        assert [(c["gate"], c["first_gate"]) for c in report.conflicts] == [("Selatan", "Utara")]
        assert booking.get(visit.id).tickets[0].used_gate == "Utara"


def test_a_scan_the_phone_refused_offline_is_no_conflict(app, park) -> None:  # noqa: ANN001
    with in_tenant(app, park):
        visit = _book(paid_method="cash", adults=1)
        code = tickets.qr_text(visit.tickets[0])
        assert gate.scan(_place(), code, "n-online", "Utara").result == "ok"
        refused = gate.OfflineScan("r-1", code, "Selatan", "in", NOW + timedelta(minutes=5), admitted=False)
        report = gate.sync(_place(), [refused])
        assert report.conflicts == []
        assert booking.get(visit.id).tickets[0].used_gate == "Utara"
