"""Case handling: stage deadlines from the regency's settings, overdue list, escalation,
closing rules, edits after closure and retention erasure that keeps anonymous counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from kiblat.modules.mesra.jobs import reminder_job
from kiblat.modules.mesra.models import EvidenceFile, Message, Report
from kiblat.modules.mesra.sample import sample_data
from kiblat.modules.mesra.services import cases, reports
from kiblat.modules.mesra.services.errors import MesraError
from kiblat.modules.mesra.services.settings import stage_deadline
from kiblat.platform.calendar import national_holidays
from kiblat.platform.core.extensions import db
from kiblat.platform.mail.models import OutboxMessage
from kiblat.platform.storage.files import tenant_storage
from kiblat.tenants import services as tenant_services
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db, tenant_metadata
from kiblat.tenants.registry import tenant_registry
from tests.modules.mesra.helpers import regency, submit
from tests.modules.mesra.test_reporting import PNG

SATGAS = cases.Handler(user_id=0, satgas=True, school_ids=frozenset())


def test_stage_deadlines_come_from_the_regency_settings(app, make_tenant):
    r = regency(app, make_tenant)
    with app.app_context():
        tenant_services.update_module_settings(r.tenant.slug, "mesra", {"days_received": 2, "days_examination": 14})
        tenant_registry().changed(r.tenant.slug)
        tenant = tenant_registry().by_slug(r.tenant.slug)
    case_id, _ = submit(app, tenant, r.school_a)
    with app.app_context(), tenant_context(tenant):
        report = tenant_db.session.get(Report, case_id)
        assert cases._aware(report.stage_due) - cases._aware(report.stage_started) == timedelta(days=2)
        left = cases.time_left(report, cases._aware(report.stage_started) + timedelta(hours=30))
        assert left == timedelta(hours=18)
        handler = cases.Handler(r.tppk_a, False, frozenset({r.school_a}))
        assert cases.overdue(SATGAS, at=cases._aware(report.stage_due) - timedelta(minutes=1)) == []
        assert cases.overdue(SATGAS, at=cases._aware(report.stage_due) + timedelta(minutes=1)) == [report]
        assert cases.advance(handler, report) == "examination"
        assert cases._aware(report.stage_due) - cases._aware(report.stage_started) == timedelta(days=14)


def test_escalation_takes_the_case_away_from_the_tppk(app, make_tenant):
    r = regency(app, make_tenant)
    case_id, _ = submit(app, r.tenant, r.school_a)
    with app.app_context(), tenant_context(r.tenant):
        tppk = cases.Handler(r.tppk_a, False, frozenset({r.school_a}))
        report = tenant_db.session.get(Report, case_id)
        assert cases.may_read(tppk, report)
        cases.escalate(tppk, report)
        assert (report.route, report.route_reason) == ("satgas", "escalated")
        assert not cases.may_read(tppk, report) and cases.may_read(SATGAS, report)
        with pytest.raises(MesraError, match="sudah ditangani Satgas"):
            cases.escalate(SATGAS, report)


def test_sexual_violence_cannot_close_without_a_referral_and_closed_cases_are_frozen(app, make_tenant):
    r = regency(app, make_tenant)
    case_id, code = submit(app, r.tenant, r.school_a, violence_form="seksual")
    with app.app_context(), tenant_context(r.tenant):
        report = tenant_db.session.get(Report, case_id)
        with pytest.raises(MesraError, match="wajib dirujuk"):
            cases.close(SATGAS, report, "tidak_ada", "berat", "")
        cases.close(SATGAS, report, "uptd_ppa", "berat", "Dirujuk ke UPTD PPA.")
        assert report.stage == "closed" and report.closed_at is not None
        with pytest.raises(MesraError, match="sudah ditutup"):
            cases.ask(SATGAS, report, "Pertanyaan lagi")
        with pytest.raises(MesraError, match="sudah ditutup"):
            cases.advance(SATGAS, report)
        with pytest.raises(MesraError, match="sudah selesai ditangani"):
            reports.reporter_reply(reports.by_code(code), "Tambahan")


def test_retention_erases_content_and_keeps_the_counts(app, make_tenant):
    r = regency(app, make_tenant)
    old_id, old_code = submit(app, r.tenant, r.school_a, what="Isi yang harus dihapus nanti")
    recent_id, _ = submit(app, r.tenant, r.school_b)
    with app.app_context(), tenant_context(r.tenant):
        old = tenant_db.session.get(Report, old_id)
        reports.reporter_reply(old, "Pesan lama", reports.Upload("a.png", PNG))
        key = old.files[0].storage_key
        for case_id in (old_id, recent_id):
            cases.close(SATGAS, tenant_db.session.get(Report, case_id), "konseling", "ringan", "Selesai.")
        old.closed_at = reports.now() - timedelta(days=366)
        tenant_db.session.commit()
        assert cases.erase_expired() == 1
        tenant_db.session.expire_all()
        old = tenant_db.session.get(Report, old_id)
        assert old.erased_at is not None and old.content_enc is None and old.closing_enc is None
        assert tenant_db.session.scalar(select(func.count(Message.id)).where(Message.report_id == old_id)) == 0
        assert tenant_db.session.scalar(select(func.count(EvidenceFile.id)).where(EvidenceFile.report_id == old_id)) == 0
        assert not tenant_storage().exists(key)
        assert reports.by_code(old_code) is None
        assert tenant_db.session.get(Report, recent_id).content_enc is not None
        # The anonymous counts survive: school, form of violence, dates.
        assert tenant_db.session.scalar(select(func.count(Report.id)).where(Report.violence_form == "fisik")) == 2
        assert cases.erase_expired() == 0


def test_reminders_count_cases_near_their_deadline_and_say_nothing_else(app, make_tenant):
    r = regency(app, make_tenant)
    case_id, _ = submit(app, r.tenant, r.school_a, what="Rahasia pengingat")
    with app.app_context(), tenant_context(r.tenant):
        report = tenant_db.session.get(Report, case_id)
        assert cases.due_soon() == []
        report.stage_due = reports.now() + timedelta(hours=3)
        tenant_db.session.commit()
        assert reminder_job({}) == 2  # the school's TPPK member and the Satgas member
    with app.app_context():
        bodies = [m.body for m in db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.tenant_slug == r.tenant.slug, OutboxMessage.subject == "Batas waktu penanganan kasus"))]
    assert len(bodies) == 2 and all("1 kasus" in b and "Rahasia" not in b for b in bodies)


def test_sample_data_fills_every_table(app, make_tenant):
    tenant = make_tenant(modules=("mesra",))
    with app.app_context(), tenant_context(tenant):
        sample_data("Contoh-7f3a")
        for table in tenant_metadata.sorted_tables:
            if table.name.startswith("mesra_"):
                assert tenant_db.session.scalar(select(func.count()).select_from(table)), table.name


def test_deadlines_in_working_days_skip_weekends_and_national_holidays(app, make_tenant):
    tenant = make_tenant(modules=("mesra",))
    with app.app_context():
        tenant_services.update_module_settings(tenant.slug, "mesra", {"working_days": True, "days_received": 3})
        tenant_registry().changed(tenant.slug)
        tenant = tenant_registry().by_slug(tenant.slug)
    friday = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    with app.app_context(), tenant_context(tenant):
        assert stage_deadline("received", friday) == datetime(2026, 12, 9, 9, 0, tzinfo=UTC)
        # 17 August 2026 (Independence Day) is a Monday: Friday 14th + 1 working day is Tuesday 18th.
        assert national_holidays(date(2026, 8, 17), date(2026, 8, 17))
        tenant_services.update_module_settings(tenant.slug, "mesra", {"working_days": True, "days_received": 1})
        tenant_registry().changed(tenant.slug)
    with app.app_context(), tenant_context(tenant_registry().by_slug(tenant.slug)):
        assert stage_deadline("received", datetime(2026, 8, 14, 9, 0, tzinfo=UTC)) == \
            datetime(2026, 8, 18, 9, 0, tzinfo=UTC)
