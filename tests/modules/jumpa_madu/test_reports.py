"""DLH figures on a regency of their own, so every number is exact."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from kiblat.modules.jumpa_madu.services import config, deposits, reports, withdrawals
from tests.conftest import get
from tests.modules.jumpa_madu.helpers import in_tenant, new_nasabah
from tests.modules.jumpa_madu.test_flow import assigned_pickup, collector

W = deposits.Weighing


def test_kg_by_category_month_area_money_and_activity(app, client, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("jumpa_madu",))
    year = datetime.now(UTC).year
    with in_tenant(app, tenant):
        a, b = new_nasabah(), new_nasabah()
        config.set_price("kardus", 1_000, datetime(year - 1, 6, 1, tzinfo=UTC))  # history before the seed price
        deposits.record_deposit(a, [W("kardus", 2_500), W("kaleng", 1_000)], secrets.token_hex(16), actor_id=None,
                                weighed_at=datetime(year, 1, 15, 3, tzinfo=UTC))
        deposits.record_deposit(b, [W("kardus", 4_000)], secrets.token_hex(16), actor_id=None,
                                weighed_at=datetime(year, 2, 1, 3, tzinfo=UTC))
        deposits.record_deposit(b, [W("kardus", 9_000)], secrets.token_hex(16), actor_id=None,
                                weighed_at=datetime(year - 1, 12, 31, 3, tzinfo=UTC))  # last year: not counted
        mine = collector("lapor")
        pickup = assigned_pickup(a, mine)
        deposits.record_deposit(a, [W("koran", 3_000)], secrets.token_hex(16), actor_id=mine, pickup_id=pickup)
        paid = withdrawals.request(b, 10_000, None)
        withdrawals.approve(paid.id, None)
        withdrawals.mark_paid(paid.id, "cash", "", None)

        by_category = {(m, name): (g, rp) for m, name, g, rp in reports.grams_by_category_month(year)}
        month = datetime.now(UTC).month
        assert by_category[(1, "Kardus")] == (2_500, 5_000)
        assert by_category[(1, "Kaleng aluminium")] == (1_000, 12_000)
        assert by_category[(2, "Kardus")] == (4_000, 8_000)
        assert by_category[(month, "Koran dan majalah")] == (3_000, 5_400)
        assert reports.kg_this_year() == 2_500 + 1_000 + 4_000 + 3_000
        [area] = reports.grams_by_area(year)  # every nasabah lives in the first desa
        assert (area.grams, area.deposits) == (10_500, 3)
        assert reports.paid_out_by_month(year) == [(month, 1, 10_000)]
        activity = reports.activity()
        assert (activity.nasabah, activity.pickups_done) == (2, 1)
        assert activity.active_90_days >= 1
        assert sum(reports.monthly_grams(year)) == 10_500
    page = get(client, tenant.primary_host, "/jumpa-madu/").get_data(as_text=True)
    assert "10,50 kg" in page


def test_the_regency_home_page_shows_kg_recycled_this_year(app, client):
    from kiblat.platform.web import page_cache
    from tests.modules.jumpa_madu.helpers import BINJAI, credit, in_tenant, new_nasabah, regency

    tenant = regency(app, BINJAI)
    with in_tenant(app, tenant):
        nasabah_id = new_nasabah()
        for _ in range(4):  # 4 × 400 kg: a waste bank's busy month, shown rounded to whole kg
            credit(nasabah_id, grams=400_000)
        expected = round(reports.kg_this_year() / 1000)
    page_cache.forget_all(app)  # this test wants a fresh page, not one an earlier test left
    page = client.get("/", base_url=f"http://{tenant.primary_host}").get_data(as_text=True)
    assert f"{expected:,}".replace(",", ".") + " kg sampah didaur ulang tahun ini" in page
