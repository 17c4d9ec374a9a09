"""A place's managers edit its ticket types, slot rules and closed days in the browser; slots
already opened follow at once and never drop below the seats already booked."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kiblat.modules.kunjungan.models import Slot, TicketType
from kiblat.modules.kunjungan.services import editor, places, slots
from kiblat.modules.kunjungan.services.errors import KunjunganError
from kiblat.tenants.database import tenant_db
from tests.modules.kunjungan.helpers import SATURDAY, book, in_tenant, make_park, slot_at
from tests.modules.kunjungan.test_pages import person, post, text_of

EDITOR = "/kunjungan/taman/atur"


@pytest.fixture
def park(app, park_tenant):  # noqa: ANN001, ANN201
    with in_tenant(app, park_tenant):
        made = make_park(capacity=6, key="taman")
        saturday = slot_at(made, SATURDAY)
    return made, saturday


def test_a_manager_adds_a_ticket_type_and_changes_a_price(app, park_tenant, park) -> None:  # noqa: ANN001
    made, _saturday = park
    manager = person(app, park_tenant, "pengelola_kunjungan")
    page = text_of(manager, park_tenant, EDITOR)
    assert "Jenis tiket dan harga" in page and "10.00–12.00" in page
    added = post(manager, park_tenant, "/kunjungan/taman/atur/tiket", {"name": "Pelajar", "price": "7500"}, page=EDITOR)
    assert added.status_code == 302
    changed = post(manager, park_tenant, "/kunjungan/taman/atur/tiket",
                   {"type_id": made.adult, "name": "Dewasa", "price": "25000", "active": "y"}, page=EDITOR)
    assert changed.status_code == 302
    with in_tenant(app, park_tenant):
        names = {t.name: t.price for t in places.ticket_types(made.place_id)}
    assert names == {"Dewasa": 25_000, "Anak": 10_000, "Pelajar": 7_500}
    assert "Rp25.000" in text_of(manager, park_tenant, f"/kunjungan/taman/pesan?tanggal={SATURDAY}")


def test_a_bad_price_is_refused_and_what_was_typed_stays(app, park_tenant, park) -> None:  # noqa: ANN001
    manager = person(app, park_tenant, "pengelola_kunjungan")
    response = post(manager, park_tenant, "/kunjungan/taman/atur/tiket", {"name": "Rombongan sekolah", "price": "-5"},
                    page=EDITOR)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Harga harus bilangan bulat Rupiah" in body and 'value="Rombongan sekolah"' in body


def test_a_new_slot_rule_opens_seats_and_an_overlapping_one_is_refused(app, park_tenant, park) -> None:  # noqa: ANN001
    manager = person(app, park_tenant, "pengelola_kunjungan")
    added = post(manager, park_tenant, "/kunjungan/taman/atur/sesi",
                 {"starts": "13:00", "ends": "15:00", "weekdays": ["6", "7"], "capacity": "40"}, page=EDITOR)
    assert added.status_code == 302
    with in_tenant(app, park_tenant):
        place = places.place_by_key("taman")
        opened = [(slots.clock.local(s.starts_at).strftime("%H:%M"), s.capacity) for s in slots.slots_on(place.id, SATURDAY)]
        friday = [slots.clock.local(s.starts_at).strftime("%H:%M") for s in slots.slots_on(place.id, SATURDAY - timedelta(days=1))]
    assert ("13:00", 40) in opened and "13:00" not in friday
    overlap = post(manager, park_tenant, "/kunjungan/taman/atur/sesi",
                   {"starts": "14:00", "ends": "16:00", "weekdays": ["6"], "capacity": "10"}, page=EDITOR)
    assert overlap.status_code == 200 and "bertumpang tindih" in overlap.get_data(as_text=True)
    backwards = post(manager, park_tenant, "/kunjungan/taman/atur/sesi",
                     {"starts": "16:00", "ends": "15:00", "weekdays": ["6"], "capacity": "10"}, page=EDITOR)
    assert "Jam selesai harus sesudah jam mulai" in backwards.get_data(as_text=True)


def test_lowering_a_quota_never_drops_below_booked_seats(app, park_tenant, park) -> None:  # noqa: ANN001
    made, saturday = park
    with in_tenant(app, park_tenant):
        book(made, saturday, adults=4)
        tenant_db.session.commit()
        rule = places.rules(made.place_id)[0]
    manager = person(app, park_tenant, "pengelola_kunjungan")
    response = post(manager, park_tenant, "/kunjungan/taman/atur/sesi/ubah",
                    {"rule_id": rule.id, "capacity": "2", "active": "y"}, page=EDITOR, follow_redirects=True)
    assert "melebihi kuota baru" in response.get_data(as_text=True)
    with in_tenant(app, park_tenant):
        slot = tenant_db.session.get(Slot, saturday)
        assert (slot.capacity, slot.taken) == (4, 4)
        later = slots.slots_on(made.place_id, SATURDAY + timedelta(days=7))
        assert [s.capacity for s in later] == [2]
    raised = post(manager, park_tenant, "/kunjungan/taman/atur/sesi/ubah",
                  {"rule_id": rule.id, "capacity": "9", "peak_capacity": "12", "active": "y"}, page=EDITOR)
    assert raised.status_code == 302
    with in_tenant(app, park_tenant):
        assert tenant_db.session.get(Slot, saturday).capacity == 12  # Saturday is a peak day


def test_a_closed_day_stops_bookings_and_can_be_reopened(app, park_tenant, park) -> None:  # noqa: ANN001
    made, saturday = park
    manager = person(app, park_tenant, "pengelola_kunjungan")
    closed = post(manager, park_tenant, "/kunjungan/taman/atur/tutup",
                  {"day": SATURDAY.isoformat(), "reason": "Perawatan kebun"}, page=EDITOR, follow_redirects=True)
    assert "Perawatan kebun" in closed.get_data(as_text=True)
    with in_tenant(app, park_tenant):
        assert tenant_db.session.get(Slot, saturday).capacity == 0
        closure = editor.closures(places.place_by_key("taman"))[0]
    past = post(manager, park_tenant, "/kunjungan/taman/atur/tutup", {"day": "2031-03-01", "reason": ""}, page=EDITOR)
    assert "tidak boleh di masa lalu" in past.get_data(as_text=True)
    reopened = post(manager, park_tenant, "/kunjungan/taman/atur/tutup/hapus", {"closure_id": closure.id}, page=EDITOR)
    assert reopened.status_code == 302
    with in_tenant(app, park_tenant):
        assert tenant_db.session.get(Slot, saturday).capacity == 6


def test_gate_staff_cannot_edit_and_rows_of_another_place_are_refused(app, park_tenant, park) -> None:  # noqa: ANN001
    made, _saturday = park
    gate = person(app, park_tenant, "petugas_gerbang")
    assert gate.get(EDITOR, base_url=f"http://{park_tenant.primary_host}").status_code == 403
    with in_tenant(app, park_tenant):
        other = make_park(key="museum")
        place = places.place_by_key("taman")
        with pytest.raises(KunjunganError):
            editor.update_ticket_type(place, other.adult, "Dewasa", 1, True)
        assert tenant_db.session.get(TicketType, other.adult).price == 20_000
