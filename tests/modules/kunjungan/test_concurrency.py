"""Real concurrent bookings (threads, each with its own app context, session and connection)
against the real database: N people book the last M seats at once, exactly M get them."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable

from sqlalchemy import func, select

from kiblat.modules.kunjungan.models import Ticket
from kiblat.modules.kunjungan.services import booking, gate, slots, tickets
from kiblat.modules.kunjungan.services.errors import SoldOut
from kiblat.modules.kunjungan.services.places import place_by_key
from kiblat.tenants.database import tenant_db
from tests.modules.kunjungan.helpers import SATURDAY, book, in_tenant, make_park, order, slot_at


def run_together(app, tenant, jobs: list[Callable[[], object]]) -> list[object]:  # noqa: ANN001
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def worker(index: int, job: Callable[[], object]) -> None:
        with in_tenant(app, tenant):
            barrier.wait()
            try:
                results[index] = job()
            except Exception as exc:  # noqa: BLE001 - the outcome is what the test checks
                results[index] = exc

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_twelve_people_for_the_last_five_seats(app, park_tenant) -> None:  # noqa: ANN001
    with in_tenant(app, park_tenant):
        park = make_park(capacity=20)
        slot_id = slot_at(park, SATURDAY)
        book(park, slot_id, adults=15, paid_method="cash")

    def one_seat() -> int:
        return booking.book(order(park, slot_id, 1), secrets.token_hex(16)).id

    results = run_together(app, park_tenant, [one_seat] * 12)
    booked = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if isinstance(r, SoldOut)]
    assert (len(booked), len(refused)) == (5, 7), results
    with in_tenant(app, park_tenant):
        assert slots.get(slot_id).taken == 20
        assert tenant_db.session.scalar(select(func.count(Ticket.id)).where(Ticket.slot_id == slot_id)) == 20


def test_groups_of_different_sizes_never_oversell(app, park_tenant) -> None:  # noqa: ANN001
    with in_tenant(app, park_tenant):
        park = make_park(capacity=10)
        slot_id = slot_at(park, SATURDAY)
    sizes = [3, 4, 2, 5, 1, 3, 2, 4]
    results = run_together(app, park_tenant,
                           [lambda n=n: booking.book(order(park, slot_id, n), secrets.token_hex(16)).seats
                            for n in sizes])
    assert all(isinstance(r, int | SoldOut) for r in results), results
    seats = sum(r for r in results if isinstance(r, int))
    with in_tenant(app, park_tenant):
        taken = slots.get(slot_id).taken
        counted = tenant_db.session.scalar(select(func.count(Ticket.id)).where(Ticket.slot_id == slot_id))
    assert seats == taken == counted <= 10


def test_the_same_booking_form_sent_four_times_at_once(app, park_tenant) -> None:  # noqa: ANN001
    with in_tenant(app, park_tenant):
        park = make_park(capacity=10)
        slot_id = slot_at(park, SATURDAY)
    key = secrets.token_hex(16)
    results = run_together(app, park_tenant, [lambda: booking.book(order(park, slot_id, 3), key).id] * 4)
    assert len(set(results)) == 1 and isinstance(results[0], int), results
    with in_tenant(app, park_tenant):
        assert slots.get(slot_id).taken == 3


def test_one_ticket_at_two_gates_at_once_gets_in_once(app, park_tenant) -> None:  # noqa: ANN001
    with in_tenant(app, park_tenant):
        park = make_park(capacity=10, key="taman-gerbang")
        from kiblat.modules.kunjungan.services import places

        all_day = places.ensure_place("taman-gerbang", "tests", "Taman Uji")
        places.add_slot_rule(all_day, "00:00", "23:59", 50)
        slot_id = slot_at(park, SATURDAY.replace(day=7), "00:00")
        code = tickets.qr_text(book(park, slot_id, 1, walk_in=True, paid_method="cash").tickets[0])

    def scan(gate_name: str) -> str:
        return gate.scan(place_by_key("taman-gerbang"), code, secrets.token_hex(8), gate_name).result

    results = run_together(app, park_tenant, [lambda g=g: scan(g) for g in ("Utara", "Selatan", "Timur", "Barat")])
    assert sorted(results) == ["ok", "used", "used", "used"], results
