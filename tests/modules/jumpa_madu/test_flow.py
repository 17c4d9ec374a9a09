"""Configuration, pickups, weighing and withdrawals with bad input refused clearly."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from kiblat.modules.jumpa_madu.models import Nasabah, SavingsWithdrawal
from kiblat.modules.jumpa_madu.services import (
    config,
    deposits,
    ledger,
    nasabah,
    pickups,
    withdrawals,
)
from kiblat.modules.jumpa_madu.services.errors import (
    InsufficientBalance,
    JumpaMaduError,
    NotYourPickup,
    ServiceAreaError,
)
from kiblat.platform.core.extensions import db
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.mail.models import OutboxMessage
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa
from tests.conftest import get
from tests.modules.jumpa_madu.helpers import (
    BINJAI,
    DELI_SERDANG,
    credit,
    in_tenant,
    new_nasabah,
    regency,
)

W = deposits.Weighing


@pytest.fixture
def binjai(app):  # noqa: ANN001, ANN201
    return regency(app, BINJAI)


def collector(tag: str = "") -> int:
    user = create_user(name=f"Penjemput {tag}", role="pengumpul_sampah",
                       email=f"jemput-{secrets.token_hex(4)}@example.id")
    tenant_db.session.commit()
    return user.id


def assigned_pickup(nid: int, collector_id: int, day_offset: int = 0) -> int:
    book = tenant_db.session.get(Nasabah, nid)
    pickup = pickups.request_pickup(book, pickup_date=pickups.today() + timedelta(days=day_offset),
                                    window_id=config.windows()[0].id, estimates={"kardus": 5_000}, actor_id=None)
    pickups.schedule(pickup.id)
    pickups.assign(pickup.id, collector_id)
    return pickup.id


def test_price_valid_at_weighing_time_is_snapshotted(app, binjai) -> None:  # noqa: ANN001
    with in_tenant(app, binjai):
        nid = new_nasabah()
        key = f"uji_{secrets.token_hex(3)}"
        category = config.WasteCategory(key=key, name="Uji harga", group="Uji")
        tenant_db.session.add(category)
        tenant_db.session.commit()
        t0 = datetime(2026, 3, 1, tzinfo=UTC)
        config.set_price(key, 1_000, t0)
        config.set_price(key, 1_500, t0 + timedelta(days=10))
        with pytest.raises(JumpaMaduError, match="belum punya harga"):
            deposits.record_deposit(nid, [W(key, 1_000)], secrets.token_hex(16), actor_id=None,
                                    weighed_at=t0 - timedelta(seconds=1))
        before = deposits.record_deposit(nid, [W(key, 2_000)], secrets.token_hex(16), actor_id=None,
                                         weighed_at=t0 + timedelta(days=10) - timedelta(seconds=1))
        after = deposits.record_deposit(nid, [W(key, 2_000)], secrets.token_hex(16), actor_id=None,
                                        weighed_at=t0 + timedelta(days=10))
        assert (before.total_amount, after.total_amount) == (2_000, 3_000)
        assert [line.price_per_kg for line in before.lines] == [1_000]
        config.set_price(key, 9_000, t0 + timedelta(days=20))  # a later change never rewrites receipts
        tenant_db.session.expire_all()
        assert deposits.get(before.id).lines[0].price_per_kg == 1_000
        assert ledger.balance_of(nid) == 5_000
        with pytest.raises(JumpaMaduError, match="Sudah ada harga"):
            config.set_price(key, 2_000, t0)


def test_line_amounts_round_half_up_to_whole_rupiah() -> None:
    assert deposits.line_amount(1_250, 3_500) == 4_375
    assert deposits.line_amount(1, 500) == 1  # 0.5 → 1
    assert deposits.line_amount(1, 499) == 0
    assert deposits.parse_kg("2,5") == 2_500 and deposits.parse_kg("0.001") == 1
    with pytest.raises(JumpaMaduError):
        deposits.parse_kg("dua")


def test_bad_weighings_are_refused_and_move_nothing(app, binjai) -> None:  # noqa: ANN001
    with in_tenant(app, binjai):
        nid = new_nasabah()
        cases = [
            ([W("kardus", -1_000)], "tidak boleh negatif"),
            ([W("kardus", 500_001)], "lebih dari 500 kg"),
            ([W("emas", 1_000)], "tidak dikenal"),
            ([W("kardus", 0)], "minimal satu"),
            ([W("kardus", 1_000), W("kardus", 1_000)], "dua kali"),
        ]
        for weighings, message in cases:
            with pytest.raises(JumpaMaduError, match=message):
                deposits.record_deposit(nid, weighings, secrets.token_hex(16), actor_id=None)
        assert ledger.balance_of(nid) == 0
        heavy = deposits.record_deposit(nid, [W("kardus", 600_000)], secrets.token_hex(16), actor_id=None,
                                        confirmed_heavy=True)
        assert heavy.total_amount == 1_200_000 == ledger.balance_of(nid)


def test_pickup_lifecycle_collector_checks_and_idempotent_weighing(app, binjai) -> None:  # noqa: ANN001
    with in_tenant(app, binjai):
        nid = new_nasabah()
        mine, other = collector("A"), collector("B")
        pickup_id = assigned_pickup(nid, mine)
        assert [s.pickups[0].id for s in pickups.route(mine, pickups.today())] == [pickup_id]
        assert pickups.route(other, pickups.today()) == []
        with pytest.raises(NotYourPickup, match="petugas lain"):
            deposits.record_deposit(nid, [W("kardus", 3_000)], secrets.token_hex(16), actor_id=other,
                                    pickup_id=pickup_id)
        key = secrets.token_hex(16)
        first = deposits.record_deposit(nid, [W("kardus", 3_000), W("kaleng", 500)], key, actor_id=mine,
                                        pickup_id=pickup_id)
        again = deposits.record_deposit(nid, [W("kardus", 3_000), W("kaleng", 500)], key, actor_id=mine,
                                        pickup_id=pickup_id)
        assert first.id == again.id and ledger.balance_of(nid) == 6_000 + 6_000
        assert pickups.get(pickup_id).status == "picked_up"
        with pytest.raises(JumpaMaduError, match="sudah ditimbang"):
            deposits.record_deposit(nid, [W("kardus", 1_000)], secrets.token_hex(16), actor_id=mine,
                                    pickup_id=pickup_id)
        assert ledger.balance_of(nid) == 12_000
        cancelled = assigned_pickup(nid, mine, day_offset=1)
        with pytest.raises(JumpaMaduError, match="Alasan"):
            pickups.cancel(cancelled, " ")
        assert pickups.cancel(cancelled, "Tidak di rumah").status == "cancelled"


def test_outside_the_service_area_is_refused(app, binjai) -> None:  # noqa: ANN001
    with in_tenant(app, binjai):
        session = tenant_db.session
        for area in session.scalars(select(config.WasteBankArea)):
            session.delete(area)
        session.flush()
        desa = session.scalar(select(Desa).order_by(Desa.code).limit(1))
        user = create_user(name="Warga luar", role="citizen", email=f"luar-{secrets.token_hex(3)}@example.id")
        with pytest.raises(ServiceAreaError, match="di luar wilayah layanan"):
            nasabah.register(user, phone="0812 3456 7801", desa_code=desa.code, address="Jl. Kenanga 2")
        session.rollback()
    with in_tenant(app, binjai):
        nid = new_nasabah()
        book = tenant_db.session.get(Nasabah, nid)
        for area in tenant_db.session.scalars(select(config.WasteBankArea)):
            tenant_db.session.delete(area)
        tenant_db.session.flush()
        with pytest.raises(ServiceAreaError, match="di luar wilayah layanan"):
            pickups.request_pickup(book, pickup_date=pickups.today(), window_id=config.windows()[0].id,
                                   estimates={"kardus": 1_000}, actor_id=None)
        tenant_db.session.rollback()
        assert pickups.of_nasabah(nid) == []


def test_withdrawal_rules_steps_and_email(app, binjai) -> None:  # noqa: ANN001
    with in_tenant(app, binjai):
        nid = new_nasabah(email=f"nasabah-{secrets.token_hex(3)}@example.id")
        credit(nid)  # Rp120.000
        with pytest.raises(JumpaMaduError, match="paling sedikit Rp10.000"):
            withdrawals.request(nid, 9_999, None)
        with pytest.raises(InsufficientBalance, match="saldo Anda Rp120.000"):
            withdrawals.request(nid, 120_001, None)
        first = withdrawals.request(nid, 50_000, None)
        with pytest.raises(JumpaMaduError, match="disetujui"):
            withdrawals.mark_paid(first.id, "cash", "", None)
        withdrawals.approve(first.id, None)
        with pytest.raises(JumpaMaduError, match="referensi"):
            withdrawals.mark_paid(first.id, "transfer", "", None)
        withdrawals.mark_paid(first.id, "transfer", "BRI-778812", None)
        second = withdrawals.request(nid, 20_000, None)
        withdrawals.reject(second.id, "Data rekening tidak sesuai", None)
        with pytest.raises(JumpaMaduError):
            withdrawals.reject(second.id, "lagi", None)
        assert ledger.balance_of(nid) == 70_000
        kinds = [(e.kind, e.amount) for e in ledger.statement(nid).entries]
        assert kinds == [("withdrawal_release", 20_000), ("withdrawal", -20_000), ("withdrawal", -50_000),
                         ("deposit", 120_000)]
        status = tenant_db.session.scalar(select(SavingsWithdrawal.status).where(SavingsWithdrawal.id == first.id))
        assert status == "paid"
        slug = binjai.slug
    with app.app_context():
        subjects = list(db.session.scalars(select(OutboxMessage.subject).where(OutboxMessage.tenant_slug == slug)))
        assert f"Penarikan #{first.id} sudah dibayar" in subjects


def test_binjai_collectors_see_nothing_of_deli_serdang(app, binjai, client) -> None:  # noqa: ANN001
    deli = regency(app, DELI_SERDANG)
    marker = f"DELI-RAHASIA-{secrets.token_hex(3)}"
    with in_tenant(app, deli):
        nid = new_nasabah()
        book = tenant_db.session.get(Nasabah, nid)
        deli_collector = collector("Deli")
        pickup = pickups.request_pickup(book, pickup_date=pickups.today(), window_id=config.windows()[0].id,
                                        estimates={"kardus": 5_000}, actor_id=None, address=f"{marker} Jl. Tembakau")
        pickups.schedule(pickup.id)
        pickups.assign(pickup.id, deli_collector)
        deli_pickup = pickup.id
    with in_tenant(app, binjai):
        binjai_collector = collector("Binjai")
        seen = [p.address for p in pickups.open_pickups()]
        seen += [p.address for user in (binjai_collector, deli_collector)
                 for stop in pickups.route(user, pickups.today()) for p in stop.pickups]
        assert not [a for a in seen if marker in a]
        found = pickups.get(deli_pickup)
        assert found is None or marker not in found.address
    with in_tenant(app, deli):
        assert ledger.balance_of(nid) == 0 and pickups.get(deli_pickup).status == "assigned"
    page = get(client, binjai.primary_host, "/jumpa-madu/")
    assert page.status_code == 200 and "Harga sampah per kg" in page.get_data(as_text=True)
