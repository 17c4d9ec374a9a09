"""Kunjungan through real pages (CSRF, sign-in, permissions), one client per person."""

from __future__ import annotations

import json
import re
import secrets

import pytest

from kiblat.modules.kunjungan.services import booking, places, slots, tickets
from kiblat.tenants.database import tenant_db
from tests.conftest import get
from tests.identity.helpers import add_user, csrf_token, sign_in
from tests.modules.kunjungan.helpers import NOW, SATURDAY, in_tenant, make_park, slot_at


def person(app, tenant, role: str):  # noqa: ANN001, ANN201
    email = f"{role}-{secrets.token_hex(3)}@example.id"
    add_user(app, tenant, role=role, email=email)
    client = app.test_client()
    assert sign_in(client, tenant, email).status_code == 302
    return client


def post(client, tenant, path: str, data: dict, page: str | None = None, **kwargs):  # noqa: ANN001, ANN003, ANN201
    host = f"http://{tenant.primary_host}"
    token = csrf_token(client.get(page or path, base_url=host).get_data(as_text=True))
    return client.post(path, base_url=host, data={"csrf_token": token, **data}, **kwargs)


def text_of(client, tenant, path: str) -> str:  # noqa: ANN001
    response = client.get(path, base_url=f"http://{tenant.primary_host}")
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


@pytest.fixture
def park(app, park_tenant):  # noqa: ANN001, ANN201
    with in_tenant(app, park_tenant):
        made = make_park(capacity=6, key="taman")
        places.add_slot_rule(places.place_by_key("taman"), "00:00", "23:59", 100)
        tenant_db.session.commit()
        saturday = slot_at(made, SATURDAY)
    return made, saturday


def test_a_family_books_pays_at_the_counter_and_gets_in(app, park_tenant, park) -> None:  # noqa: ANN001
    made, saturday = park
    family = person(app, park_tenant, "citizen")
    page = text_of(family, park_tenant, f"/kunjungan/taman/pesan?tanggal={SATURDAY.isoformat()}")
    assert "10.00–12.00" in page and "sisa 6 tiket" in page
    key = re.search(r'name="request_key" type="hidden" value="([0-9a-f]+)"', page).group(1)
    response = post(family, park_tenant, "/kunjungan/taman/pesan", {
        "slot": saturday, f"n_{made.adult}": "2", f"n_{made.child}": "2", "name": "Keluarga Ginting",
        "email": "ginting@example.id", "request_key": key}, page=f"/kunjungan/taman/pesan?tanggal={SATURDAY}")
    assert response.status_code == 302
    ticket_page = text_of(family, park_tenant, response.headers["Location"])
    assert "Rp60.000" in ticket_page and ticket_page.count("<svg") == 4
    code = re.search(r'id="booking-code">(\w+)<', ticket_page).group(1)
    assert "Keluarga Ginting" in text_of(family, park_tenant, "/kunjungan/tiket")
    pdf = family.get(f"/kunjungan/pesanan/{code}/tiket.pdf", base_url=f"http://{park_tenant.primary_host}")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    ics = family.get(f"/kunjungan/pesanan/{code}/kunjungan.ics", base_url=f"http://{park_tenant.primary_host}")
    assert b"BEGIN:VEVENT" in ics.data and b"DTSTART:20310308T" in ics.data

    staff = person(app, park_tenant, "petugas_gerbang")
    assert "Belum dibayar" in text_of(staff, park_tenant, f"/kunjungan/taman/loket?kode={code}")
    paid = post(staff, park_tenant, f"/kunjungan/pesanan/{code}/bayar", {"method": "qris"},
                page=f"/kunjungan/taman/loket?kode={code}")
    assert paid.status_code == 302
    with in_tenant(app, park_tenant):
        assert booking.by_code(code).status == "paid"


def test_the_form_keeps_what_was_typed_when_the_slot_is_too_small(app, park_tenant, park) -> None:  # noqa: ANN001
    made, saturday = park
    family = person(app, park_tenant, "citizen")
    response = post(family, park_tenant, "/kunjungan/taman/pesan", {
        "slot": saturday, f"n_{made.adult}": "9", "name": "Rombongan SD 1", "request_key": "a" * 32},
        page="/kunjungan/taman/pesan")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Sisa kuota sesi ini 6 tiket" in page and 'value="Rombongan SD 1"' in page and 'value="9"' in page
    for bad in ("-2", "dua", "1,5"):
        page = post(family, park_tenant, "/kunjungan/taman/pesan", {
            "slot": saturday, f"n_{made.adult}": bad, "name": "Rombongan", "request_key": "b" * 32},
            page="/kunjungan/taman/pesan").get_data(as_text=True)
        assert "Jumlah tiket" in page, bad
    with in_tenant(app, park_tenant):
        assert slots.get(saturday).taken == 0


def test_gate_answers_json_and_retries_are_idempotent(app, park_tenant, park) -> None:  # noqa: ANN001
    with in_tenant(app, park_tenant):
        place = places.place_by_key("taman")
        all_day = [s for s in slots.slots_on(place.id, NOW.date()) if s.capacity == 100][0]
        types = places.ticket_types(place.id)
        sold = booking.book(booking.Order(all_day.id, {types[0].id: 1}, "Tamu"), "c" * 32, walk_in=True,
                            paid_method="cash")
        code = tickets.qr_text(sold.tickets[0])
    gatekeeper = person(app, park_tenant, "petugas_gerbang")
    scan = {"code": code, "nonce": "n" * 20, "gate": "Gerbang Utara", "direction": "in"}
    first = post(gatekeeper, park_tenant, "/kunjungan/taman/gerbang", scan, headers={"Accept": "application/json"})
    again = post(gatekeeper, park_tenant, "/kunjungan/taman/gerbang", scan, headers={"Accept": "application/json"})
    assert first.json["result"] == again.json["result"] == "ok"
    second = post(gatekeeper, park_tenant, "/kunjungan/taman/gerbang", {**scan, "nonce": "m" * 20},
                  headers={"Accept": "application/json"})
    assert (second.json["result"], second.json["first_gate"]) == ("used", "Gerbang Utara")
    # Without script: the same form answers with a page.
    page = post(gatekeeper, park_tenant, "/kunjungan/taman/gerbang", {**scan, "nonce": "p" * 20}).get_data(as_text=True)
    assert "Tiket sudah dipakai" in page and "gate-bad" in page

    listed = gatekeeper.get(f"/kunjungan/taman/gerbang/daftar.json?tanggal={NOW.date()}",
                            base_url=f"http://{park_tenant.primary_host}").json
    assert code.split(".")[0] not in json.dumps(listed) and len(listed["tickets"]) == 1
    offline = [{"nonce": "off-1", "code": code, "gate": "Gerbang Selatan", "direction": "in",
                "at": int(NOW.timestamp() * 1000) - 600_000}]
    report = post(gatekeeper, park_tenant, "/kunjungan/taman/gerbang/sinkron", {"scans": json.dumps(offline)},
                  page="/kunjungan/taman/gerbang").json
    assert report["received"] == 1 and report["conflicts"][0]["gate"] == "Gerbang Utara"
    broken = post(gatekeeper, park_tenant, "/kunjungan/taman/gerbang/sinkron", {"scans": "[{"},
                  page="/kunjungan/taman/gerbang")
    assert broken.status_code == 400


def test_visitors_cannot_reach_the_gate_or_others_bookings(app, park_tenant, park) -> None:  # noqa: ANN001
    made, saturday = park
    with in_tenant(app, park_tenant):
        other_code = booking.book(booking.Order(saturday, {made.adult: 1}, "Orang lain"), "d" * 32).code
    visitor = person(app, park_tenant, "citizen")
    host = f"http://{park_tenant.primary_host}"
    assert visitor.get("/kunjungan/taman/gerbang", base_url=host).status_code == 403
    assert visitor.get("/kunjungan/taman/loket", base_url=host).status_code == 403
    assert visitor.get(f"/kunjungan/pesanan/{other_code}", base_url=host).status_code == 404


def test_routes_do_not_exist_while_disabled(client, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("pengumuman",))
    assert get(client, tenant.primary_host, "/kunjungan/").status_code == 404
    assert get(client, tenant.primary_host, "/kunjungan/static/gate.js").status_code == 404
