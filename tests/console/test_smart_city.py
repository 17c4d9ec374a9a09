"""Staff console: every regency's indicators side by side, sortable, as CSV (both backends)."""

from __future__ import annotations

import csv
import dataclasses
import io

from kiblat.platform.jobs.registry import handler_for
from kiblat.platform.modular.manifest import Indicator, Localized
from kiblat.platform.modular.registry import ModuleRegistry
from kiblat.platform.smartcity import services
from kiblat.platform.smartcity.jobs import JOB_KIND
from kiblat.platform.smartcity.snapshots import run_snapshots
from tests.console.helpers import BASE, signed_in_staff
from tests.identity.helpers import csrf_token

KEY = "pengumuman.announcements_per_month"


def test_staff_see_all_indicators_sorted_and_export_csv(app, make_tenant):
    a, b = make_tenant(modules=("pengumuman",)), make_tenant(modules=("pengumuman",))
    registry = app.extensions["kiblat_modules"]
    with app.app_context():
        run_snapshots(app, registry, [a.slug, b.slug], period="2026-11")
        # b publishes more: give it a higher value through a second run with a stand-in indicator
        stand_in = ModuleRegistry([
            dataclasses.replace(m, package="", indicators=(Indicator(
                "announcements_per_month", Localized("x", "x"), Localized("x", "x"),
                "tests.platform.test_smart_city:forty_two"),)) if m.key == "pengumuman" else m
            for m in registry])
        run_snapshots(app, stand_in, [b.slug], period="2026-12")
    client = signed_in_staff(app)
    html = client.get(f"/staff/konsol/smart-city?urut={KEY}", base_url=BASE).get_data(as_text=True)
    assert html.index(f'data-slug="{b.slug}"') < html.index(f'data-slug="{a.slug}"')  # 42 before 0
    html = client.get(f"/staff/konsol/smart-city?urut={KEY}&arah=naik", base_url=BASE).get_data(as_text=True)
    assert html.index(f'data-slug="{a.slug}"') < html.index(f'data-slug="{b.slug}"')
    response = client.get(f"/staff/konsol/smart-city.csv?urut={KEY}", base_url=BASE)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(response.get_data(as_text=True)))}
    assert rows[b.slug][KEY] == "42" and rows[b.slug][f"{KEY}.bulan"] == "2026-12"
    assert rows[a.slug][KEY] == "0"
    assert rows[a.slug]["penduduk"].isdigit()


def test_console_comparison_needs_staff(app, client):
    response = client.get("/staff/konsol/smart-city", base_url=BASE)
    assert response.status_code in (302, 403)
    assert client.get("/staff/konsol/smart-city.csv", base_url=BASE).status_code in (302, 403)


def test_staff_queue_a_snapshot_of_every_regency_and_the_job_stores_values(app, make_tenant):
    tenant = make_tenant(modules=("pengumuman",))
    client = signed_in_staff(app)
    page = client.get("/staff/konsol/smart-city", base_url=BASE).get_data(as_text=True)
    response = client.post("/staff/konsol/smart-city/hitung", base_url=BASE, data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    with app.app_context():
        assert handler_for(JOB_KIND)({"slugs": [tenant.slug]}) == 1
        assert KEY in services.latest([tenant.id])[tenant.id]
