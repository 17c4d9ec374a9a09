"""Harvest calendar, subscriptions and pick-and-weigh sales, on the real database."""

from __future__ import annotations

import secrets
from contextlib import ExitStack
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from kiblat.modules.kunjungan import api as kunjungan
from kiblat.modules.taman_buah.models import Sale
from kiblat.modules.taman_buah.services import harvest, park, reports, sales
from kiblat.modules.taman_buah.services.errors import TamanBuahError
from kiblat.platform.core.extensions import db
from kiblat.platform.mail.models import OutboxMessage
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db


@pytest.fixture
def fruit_park(make_tenant):  # noqa: ANN001, ANN201
    return make_tenant(modules=("kunjungan", "taman_buah"))


def inside(app, tenant) -> ExitStack:  # noqa: ANN001
    stack = ExitStack()
    stack.enter_context(app.app_context())
    stack.enter_context(tenant_context(tenant))
    return stack


def test_enabling_registers_the_park_with_kunjungan(app, fruit_park) -> None:  # noqa: ANN001
    with inside(app, fruit_park):
        place = kunjungan.place_by_key(park.park().place_key)
        assert place.owner == "taman_buah"
        assert [t.price for t in kunjungan.ticket_types(place.id)] == [15_000, 10_000, 7_500, 0]
        assert len(kunjungan.rules(place.id)) == 4
        park.seed()  # a second enable changes nothing
        assert len(kunjungan.rules(place.id)) == 4 and len(harvest.commodities()) == 6


def test_two_kg_of_rambutan_at_the_days_price(app, fruit_park) -> None:  # noqa: ANN001
    with inside(app, fruit_park):
        sale = sales.record_sale([sales.Weighing("rambutan", sales.parse_kg("2", "Rambutan")),
                                  sales.Weighing("stroberi", sales.parse_kg("0,35", "Stroberi"))], secrets.token_hex(16))
        assert [(line.grams, line.price_per_kg, line.amount) for line in sale.lines] == [
            (2_000, 15_000, 30_000), (350, 100_000, 35_000)]
        assert (sale.total, sale.total_grams) == (65_000, 2_350)
        harvest.set_price("rambutan", 18_000)
        later = sales.record_sale([sales.Weighing("rambutan", 1_000)], secrets.token_hex(16))
        assert later.total == 18_000
        assert sales.get(sale.id).lines[0].price_per_kg == 15_000  # a sale keeps its price


@pytest.mark.parametrize(("raw", "message"), [
    ("-1", "tidak boleh negatif"), ("dua", "harus angka"), ("51", "melebihi 50 kg"), ("nan", "harus angka"),
    ("1e9", "melebihi"), ("", "paling sedikit satu"),
])
def test_absurd_weights_sell_nothing(app, fruit_park, raw, message) -> None:  # noqa: ANN001
    with inside(app, fruit_park):
        with pytest.raises(TamanBuahError, match=message):
            sales.record_sale([sales.Weighing("durian", sales.parse_kg(raw, "Durian"))], secrets.token_hex(16))
        assert tenant_db.session.scalar(select(Sale.id).limit(1)) is None


def test_a_sale_for_a_ticket_needs_a_paid_booking_and_is_idempotent(app, fruit_park) -> None:  # noqa: ANN001
    with inside(app, fruit_park):
        with pytest.raises(TamanBuahError, match="tidak ditemukan atau belum dibayar"):
            sales.record_sale([sales.Weighing("rambutan", 2_000)], secrets.token_hex(16), booking_code="ZZZZZZZZ")
        key = secrets.token_hex(16)
        first = sales.record_sale([sales.Weighing("rambutan", 2_000)], key)
        again = sales.record_sale([sales.Weighing("rambutan", 9_000)], key)
        assert first.id == again.id and again.total == 30_000


def test_ripening_mails_subscribers_once(app, fruit_park) -> None:  # noqa: ANN001
    with inside(app, fruit_park):
        harvest.set_status("durian", "soon")
        harvest.subscribe("durian", "Ibu.Sembiring@example.id")
        harvest.subscribe("durian", "ibu.sembiring@example.id")  # the same address once
        with pytest.raises(TamanBuahError, match="email tidak valid"):
            harvest.subscribe("durian", "bukan email")
        _, mailed = harvest.set_status("durian", "ripe", "Durian Sidikalang jatuh pagi ini")
        _, again = harvest.set_status("durian", "ripe")
        assert (mailed, again) == (1, 0)
        sent = db.session.scalars(select(OutboxMessage).where(OutboxMessage.tenant_slug == fruit_park.slug,
                                                              OutboxMessage.recipient == "ibu.sembiring@example.id")).all()
        assert [m.subject for m in sent] == ["Durian sudah matang"]
        assert "Rp45.000 per kg" in sent[0].body and "Sidikalang" in sent[0].body


def test_the_daily_report_lists_days_with_visitors_and_no_sales(app, fruit_park) -> None:  # noqa: ANN001
    with inside(app, fruit_park):
        sale = sales.record_sale([sales.Weighing("rambutan", 2_000)], secrets.token_hex(16))
        # Pinned to a known local day, so the test never depends on the machine's clock.
        sale.sold_at = datetime(2031, 3, 8, 3, 0, tzinfo=UTC)  # Saturday 10:00 WIB
        tenant_db.session.commit()
        friday, saturday, sunday = date(2031, 3, 7), date(2031, 3, 8), date(2031, 3, 9)
        rows = reports.daily(date(2031, 3, 1), date(2031, 3, 14), {friday: 12, sunday: 0, date(2031, 4, 1): 5})
        assert [(r.day, r.visitors, r.sales, r.grams, r.revenue) for r in rows] == [
            (friday, 12, 0, 0, 0), (saturday, 0, 1, 2_000, 30_000), (sunday, 0, 0, 0, 0)]
