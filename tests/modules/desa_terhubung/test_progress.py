"""Progress over time (status at each month's end) and the nearest operator / access point."""

from __future__ import annotations

from datetime import date

from kiblat.modules.desa_terhubung import api as desa
from kiblat.modules.desa_terhubung.services import history, nearby, operators
from kiblat.platform.maps import centroids
from tests.modules.desa_terhubung.helpers import (
    NO_SIGNAL,
    STRONG_4G,
    desa_codes,
    in_tenant,
    survey,
    text_of,
)

WEAK_3G = (desa.Signal("xl", "3g", "weak"),)


def test_month_ends_are_calendar_month_ends_up_to_today() -> None:
    ends = history.month_ends(date(2026, 3, 15), count=4)
    assert ends == [date(2025, 12, 31), date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 15)]


def test_status_at_each_month_end_follows_the_verified_surveys(app, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("desa_terhubung",))
    with in_tenant(app, tenant):
        first, second, third = desa_codes(3)
        desa.verify(survey(first, NO_SIGNAL, observed_on=date(2026, 1, 10)).id, None)
        desa.verify(survey(first, STRONG_4G, observed_on=date(2026, 4, 2)).id, None)
        desa.verify(survey(second, WEAK_3G, observed_on=date(2026, 3, 31)).id, None)
        survey(third, STRONG_4G, observed_on=date(2026, 2, 1))  # never verified: stays unknown
        months = history.monthly(date(2026, 6, 15), count=6)
        total = len(desa.all_desa())

    by_end = {m.month_end: m.counts for m in months}
    assert list(by_end) == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30),
                            date(2026, 5, 31), date(2026, 6, 15)]
    assert by_end[date(2026, 1, 31)] == {"connected": 0, "limited": 0, "blankspot": 1, "unknown": total - 1}
    assert by_end[date(2026, 2, 28)] == by_end[date(2026, 1, 31)]
    # The survey observed on 31 March counts for March.
    assert by_end[date(2026, 3, 31)] == {"connected": 0, "limited": 1, "blankspot": 1, "unknown": total - 2}
    assert by_end[date(2026, 4, 30)] == {"connected": 1, "limited": 1, "blankspot": 0, "unknown": total - 2}
    assert by_end[date(2026, 6, 15)] == by_end[date(2026, 4, 30)]


def test_stacked_columns_fill_the_same_height_every_month(app, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("desa_terhubung",))
    with in_tenant(app, tenant):
        desa.verify(survey(desa_codes(1)[0], STRONG_4G, observed_on=date(2026, 5, 3)).id, None)
        columns = history.stacked_columns(history.monthly(date(2026, 6, 15), count=3), height=200, bottom=24)
    assert len(columns) == 3
    for column in columns:
        assert [s[0] for s in column.segments] == ["connected", "limited", "blankspot", "unknown"]
        assert abs(sum(s[3] for s in column.segments) - (200 - 24 - 4)) < 0.5
    assert columns[0].segments[0][1] == 0 and columns[2].segments[0][1] == 1
    assert columns[2].segments[0][3] > 0


def test_nearest_operators_and_access_points_are_ordered_by_distance(app, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("desa_terhubung",))
    with in_tenant(app, tenant):
        points = centroids(within=tenant.region_code, level=3)
        codes = sorted(code for code in desa_codes(1000) if code in points)
        origin = codes[0]
        # The farthest and the nearest other desa with a shipped centre, measured independently.
        others = sorted(codes[1:], key=lambda c: nearby.distance_km(points[origin], points[c]))
        near, far = others[0], others[-1]
        operators.add(far, "Operator Jauh", "+6281200000001")
        operators.add(near, "Operator Dekat", "+6281200000002")
        operators.add(origin, "Operator Sini", "")
        survey(far, STRONG_4G, public_access="Wi-Fi kantor desa jauh")  # not verified: not listed
        desa.verify(survey(near, STRONG_4G, public_access="Kampung Internet dekat").id, None)
        found_operators, found_access = nearby.nearest(origin, tenant.region_code)

    assert [p.name for p in found_operators] == ["Operator Sini", "Operator Dekat", "Operator Jauh"]
    assert found_operators[0].km == 0.0
    assert 0 < found_operators[1].km < found_operators[2].km
    assert [p.detail for p in found_access] == ["Kampung Internet dekat"]


def test_nearest_page_works_without_script_and_explains_a_bad_choice(app, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("desa_terhubung",))
    with in_tenant(app, tenant):
        code = desa_codes(1)[0]
        operators.add(code, "Operator Pertama", "+6281200000003")
    client = app.test_client()
    page = text_of(client, tenant, "/desa-terhubung/terdekat")
    assert "<optgroup" in page and f'value="{code}"' in page
    page = text_of(client, tenant, f"/desa-terhubung/terdekat?desa={code}")
    assert "Operator Pertama" in page and "Di desa Anda" in page
    page = text_of(client, tenant, "/desa-terhubung/terdekat?desa=99.99.99.9999")
    assert "Pilih desa/kelurahan dari daftar." in page and "Operator Pertama" not in page


def test_public_page_draws_twelve_months(app, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("desa_terhubung",))
    page = text_of(app.test_client(), tenant, "/desa-terhubung/")
    assert page.count('class="seg-unknown"') == 12
    assert "/desa-terhubung/terdekat" in page
