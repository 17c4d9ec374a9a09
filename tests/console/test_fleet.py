"""Fleet migrations: status per branch vs heads, a pilot group upgraded first by a background
job with progress, then the rest; and the activity charts."""

from __future__ import annotations

import re

from sqlalchemy import delete, select

from kiblat.migrations import runner
from kiblat.platform.console import activity, fleet
from kiblat.platform.core.extensions import db
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.staff.models import StaffActionLog
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import Tenant, TenantRevision
from tests.console.helpers import BASE, post, run_jobs, signed_in_staff

PAGE = "/staff/konsol/migrasi"


def _forget_revisions(app, slugs: list[str]) -> None:  # noqa: ANN001
    """As if new migrations were released: the control plane records nothing for these tenants."""
    with app.app_context():
        ids = db.session.scalars(select(Tenant.id).where(Tenant.slug.in_(slugs))).all()
        db.session.execute(delete(TenantRevision).where(TenantRevision.tenant_id.in_(ids)))
        db.session.commit()


def _recorded(app, slug: str) -> dict[str, str]:  # noqa: ANN001
    with app.app_context():
        tenant_id = db.session.scalar(select(Tenant.id).where(Tenant.slug == slug))
        return runner.recorded_revisions(tenant_id)


def _run_id(location: str) -> str:
    return re.search(r"/migrasi/([0-9a-f]{32})$", location).group(1)


def test_pilot_group_first_then_the_rest(app, make_tenant):
    tenants = [make_tenant() for _ in range(3)]
    pilot, rest = tenants[0].slug, [t.slug for t in tenants[1:]]
    _forget_revisions(app, [pilot, *rest])
    staff = signed_in_staff(app)

    html = staff.get(PAGE, base_url=BASE).get_data(as_text=True)
    for slug in (pilot, *rest):
        row = re.search(rf'<tr data-slug="{slug}">(.*?)</tr>', html, re.S).group(1)
        assert "belum tercatat" in row
    behind_core = int(re.search(r'data-branch="core">.*?class="num behind">(\d+)<', html, re.S).group(1))
    assert behind_core >= 3

    response = post(staff, PAGE, PAGE, data={"tenant": [pilot], "scope": "pilihan"})
    assert response.status_code == 302
    run_id = _run_id(response.headers["Location"])
    queued = staff.get(response.headers["Location"], base_url=BASE).get_data(as_text=True)
    assert 'data-status="queued"' in queued and 'http-equiv="refresh"' in queued
    run_jobs(app)
    page = staff.get(f"{PAGE}/{run_id}", base_url=BASE).get_data(as_text=True)
    assert 'data-status="done"' in page
    assert f'data-slug="{pilot}" data-result="upgraded"' in page
    with app.app_context():
        heads = runner.tenant_heads()
    assert _recorded(app, pilot) == {"core": heads["core"], "pengumuman": heads["pengumuman"]}
    for slug in rest:
        assert _recorded(app, slug) == {}  # untouched until the rest are upgraded
    with app.app_context():
        run = fleet.read_run(run_id)
        assert run["done"] == run["total"] == 1 and run["slugs"] == [pilot]
        logged = db.session.scalars(select(StaffActionLog).where(StaffActionLog.action == "fleet.upgrade")).all()
        assert any(entry.details["run_id"] == run_id for entry in logged)

    response = post(staff, PAGE, PAGE, data={"scope": "semua"})
    assert response.status_code == 302
    run_jobs(app)
    for slug in (pilot, *rest):
        assert _recorded(app, slug) == {"core": heads["core"], "pengumuman": heads["pengumuman"]}
    page = staff.get(response.headers["Location"], base_url=BASE).get_data(as_text=True)
    assert f'data-slug="{pilot}" data-result="skipped"' in page
    for slug in rest:
        assert f'data-slug="{slug}" data-result="upgraded"' in page
    # The recent runs are listed with their time in words, not the stored ISO text.
    listing = staff.get(PAGE, base_url=BASE).get_data(as_text=True)
    shown = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", listing, flags=re.S))
    assert not re.search(r"\d{4}-\d{2}-\d{2}", shown)
    assert re.search(r"· selesai ·", shown) and not re.search(r"· done ·", shown)  # status in words


def test_bad_upgrade_requests_get_clear_messages(app, make_tenant):
    tenant = make_tenant()
    staff = signed_in_staff(app)
    empty = post(staff, PAGE, PAGE, data={"scope": "pilihan"})
    assert empty.status_code == 400 and "Pilih paling sedikit satu" in empty.get_data(as_text=True)
    unknown = post(staff, PAGE, PAGE, data={"tenant": [tenant.slug, "tidak-ada"], "scope": "pilihan"})
    body = unknown.get_data(as_text=True)
    assert unknown.status_code == 400 and "tidak ditemukan: tidak-ada" in body
    assert f'value="{tenant.slug}" id="pilih-{tenant.slug}" checked' in body  # the choice is kept
    assert staff.get(f"{PAGE}/{'0' * 32}", base_url=BASE).status_code == 404
    assert staff.get(f"{PAGE}/bukan-id", base_url=BASE).status_code == 404


def test_charts_show_tenants_created_and_activity_per_month(app, make_tenant):
    tenant = make_tenant()
    with app.app_context():
        months = activity.months_until()
        since = activity.datetime.fromisoformat(f"{months[0]}-01").replace(tzinfo=activity.UTC)
        before = activity.tenant_activity(tenant.slug, since).get(months[-1], (0, 0))[0]
    with app.app_context(), tenant_context(tenant):
        for n in range(4):
            record("uji.grafik", "uji", n)
        tenant_db.session.commit()
    app.extensions.pop(activity.CACHE_KEY, None)
    with app.app_context():
        months = activity.months_until()
        created = dict(activity.tenants_created(months))
        events, users = activity.fleet_activity(months)
        own = activity.tenant_activity(tenant.slug, since)
    assert created[months[-1]] >= 1
    assert own[months[-1]][0] == before + 4  # audit events of this tenant this month
    assert dict(events)[months[-1]] >= 4
    staff = signed_in_staff(app)
    html = staff.get("/staff/konsol/grafik", base_url=BASE).get_data(as_text=True)
    assert html.count("<svg") == 3 and "<script" not in html and "style=" not in html
    row = re.search(rf'<tr data-month="{months[-1]}">(.*?)</tr>', html, re.S).group(1)
    numbers = [int(n) for n in re.findall(r">(\d+)</td>", row)]
    assert numbers[0] == created[months[-1]] and numbers[1] == dict(events)[months[-1]]
