"""Reports, the holiday calendar page, notifications and the officers' digest."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from kiblat.modules.sri_deli.services import digest, reports, workflow
from kiblat.platform.core.extensions import db
from kiblat.platform.jobs.queue import enqueue, job_failed, run_due
from kiblat.platform.mail.models import OutboxMessage
from kiblat.tenants.context import tenant_context
from tests.identity.helpers import add_user, csrf_token, sign_in
from tests.modules.sri_deli.helpers import officer, perms, submit_research


@pytest.fixture
def tenant(make_tenant):
    return make_tenant(modules=("sri_deli",))


def _subjects(slug: str) -> list[str]:
    return list(db.session.scalars(select(OutboxMessage.subject).where(OutboxMessage.tenant_slug == slug)
                                   .order_by(OutboxMessage.id)))


def test_reports_processing_time_and_sla_compliance(app_ctx, tenant):
    with app_ctx.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        monday = datetime(2026, 11, 2, 2, tzinfo=UTC)
        fast = submit_research(now=monday).application
        slow = submit_research(now=monday).application
        submit_research(now=monday)  # stays open
        staff = officer()
        for application, days in ((fast, 1), (slow, 14)):
            done = monday + timedelta(days=days)
            workflow.accept_stage(application, staff, perms(staff), "kelengkapan", now=done)
            workflow.accept_stage(application, staff, perms(staff), "penetapan", now=done)
        data = reports.summary()
        assert data["per_opd"] == [{"opd": "KESBANGPOL", "decided": 2, "average_days": 5.5, "p90_days": 10.0,
                                    "sla_compliance_pct": 50.0}]
        assert {"permit": "Surat Keterangan Penelitian", "status": "diproses", "count": 1} in data["by_type_status"]
        assert data["by_month"] == [{"month": "2026-11", "count": 3}]
        csv_text = reports.csv_text(data)
        assert "opd,KESBANGPOL,,2,5.5,10.0,50.0" in csv_text
        svg = reports.svg_chart(data)
        assert svg.startswith("<svg") and "<script" not in svg and "style=" not in svg


def test_citizen_is_mailed_on_each_change_and_officers_get_a_digest(app_ctx, tenant):
    with app_ctx.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        application = submit_research().application
        staff = officer(email="petugas.digest@example.id")
        officer("DINKES", email="dinkes.digest@example.id")  # nothing waits for them
        late_evening_utc = datetime(2026, 12, 9, 23, 30, tzinfo=UTC)  # already the 10th in WIB, WITA and WIT
        assert digest.send_daily_digest(now=late_evening_utc) == 1
        assert digest.send_daily_digest(now=late_evening_utc) == 1  # same day: the same message, not a second one
        workflow.send_back(application, staff, perms(staff), "Proposal belum ditandatangani")
        workflow.resubmit(application)
        workflow.accept_stage(application, staff, perms(staff), "kelengkapan")
        workflow.accept_stage(application, staff, perms(staff), "penetapan")
        number = application.number
    subjects = _subjects(tenant.slug)
    assert [s for s in subjects if number in s] == [
        f"Permohonan {number} diterima", f"Permohonan {number} perlu diperbaiki",
        f"Perbaikan permohonan {number} diterima", f"Permohonan {number} masuk tahap berikutnya",
        f"Izin {number} disetujui"]
    assert sum("Ringkasan harian" in s for s in subjects) == 1
    assert "Ringkasan harian perizinan 10 Desember 2026" in subjects  # the regency's day, written out
    digest_body = db.session.scalar(select(OutboxMessage.body).where(
        OutboxMessage.tenant_slug == tenant.slug, OutboxMessage.subject.like("Ringkasan harian%")))
    assert f"{number} (" in digest_body and " batas " in digest_body
    assert not re.search(r"\d{4}-\d{2}-\d{2}", digest_body)  # never an ISO date in a mail
    body = db.session.scalar(select(OutboxMessage.body).where(OutboxMessage.tenant_slug == tenant.slug,
                                                              OutboxMessage.subject.like("%perlu diperbaiki")))
    assert "Proposal belum ditandatangani" in body


def test_digest_is_the_job_the_manifest_declares_and_runs_in_the_jobs_tenant(app_ctx, tenant):
    with app_ctx.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        submit_research()
        officer(email=f"digest.{tenant.slug}@example.id")
    job_id = enqueue("sri_deli.digest", {}, tenant_slug=tenant.slug)
    assert run_due() >= 1  # as the worker does (other tests' queued mail goes out too)
    assert not job_failed(job_id)
    assert sum("Ringkasan harian" in s for s in _subjects(tenant.slug)) == 1


def test_admin_adds_local_holiday_and_bad_input_is_explained(app, client, tenant):
    base = f"http://{tenant.primary_host}"
    add_user(app, tenant, "admin", email="admin@example.id")
    sign_in(client, tenant, "admin@example.id")
    page = client.get("/perizinan/kelola/libur?tahun=2026", base_url=base)
    assert "Hari Kemerdekaan" in page.get_data(as_text=True)
    token = csrf_token(page.get_data(as_text=True))
    ok = client.post("/perizinan/kelola/libur", base_url=base, data={
        "csrf_token": token, "tanggal": "2026-09-01", "nama": "Hari Jadi Kabupaten", "jenis": "local"})
    assert ok.status_code == 302
    assert "Hari Jadi Kabupaten" in client.get("/perizinan/kelola/libur?tahun=2026", base_url=base).get_data(as_text=True)
    again = client.post("/perizinan/kelola/libur", base_url=base, data={
        "csrf_token": token, "tanggal": "2026-09-01", "nama": "Lagi", "jenis": "local"})
    assert again.status_code == 400 and "Tanggal 1 September 2026 sudah ada" in again.get_data(as_text=True)
    bad = client.post("/perizinan/kelola/libur", base_url=base, data={
        "csrf_token": token, "tanggal": "besok", "nama": "x"})
    assert bad.status_code == 400 and "Tanggal tidak valid" in bad.get_data(as_text=True)
    report = client.get("/perizinan/kelola/laporan", base_url=base)
    assert report.status_code == 200 and "data:image/svg+xml;base64," in report.get_data(as_text=True)
    assert client.get("/perizinan/kelola/laporan.csv", base_url=base).mimetype == "text/csv"
    citizen = app.test_client()
    add_user(app, tenant, "citizen", email="warga2@example.id")
    sign_in(citizen, tenant, "warga2@example.id")
    assert citizen.get("/perizinan/kelola/libur", base_url=base).status_code == 403
