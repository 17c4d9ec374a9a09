"""Retribusi before issuance: a bill with a kode bayar after approval, the treasurer's
confirmation issues the permit, unpaid bills expire with a notice, receipts per type and month."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from kiblat.modules.sri_deli.models import APPROVED, AWAITING_PAYMENT, EXPIRED, PAID, REJECTED, Bill
from kiblat.modules.sri_deli.services import certificate, payments, workflow
from kiblat.modules.sri_deli.services.submit import submit
from kiblat.platform.core.extensions import db
from kiblat.platform.mail.models import OutboxMessage
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from tests.modules.sri_deli.helpers import PDF, applicant, officer, perms
from tests.signed_pdfs import regency_root, signature_status, text_of


@pytest.fixture
def tenant(make_tenant):
    return make_tenant(modules=("sri_deli",))


def approve_billboard(now: datetime, days: int = 30):  # noqa: ANN201
    fields = {"luas_reklame": "2", "lama_hari": str(days), "lokasi": "Jl. Medan-Lubuk Pakam"}
    files = {key: (f"{key}.pdf", PDF) for key in ("ktp", "desain", "denah", "izin_pemilik")}
    application = submit("reklame", applicant(), fields, files, secrets.token_urlsafe(24), now=now).application
    pejabat = officer("DPMPTSP")
    for stage in ("kelengkapan", "peninjauan", "penetapan"):
        workflow.accept_stage(application, pejabat, perms(pejabat), stage, now=now)
    return application


def treasurer():  # noqa: ANN201
    return officer("BPKAD", roles=("bendahara_penerimaan",))


def test_paid_permit_is_issued_only_after_the_treasurer_confirms(app_ctx, tenant):
    approved_at = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)  # 2 December in the regency
    with app_ctx.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        application = approve_billboard(approved_at)
        assert application.status == AWAITING_PAYMENT and application.fee == 150_000
        assert application.verify_token is None and application.certificate_number is None
        with pytest.raises(certificate.CertificateError):
            certificate.certificate_pdf(application)
        bill = payments.bill_of(application)
        assert payments.valid_code(bill.code) and bill.amount == 150_000
        assert payments.local_day(bill.due_at) == date(2026, 12, 16)  # 14 days, to the end of the day
        assert payments.find(bill.code[:-1] + str((int(bill.code[-1]) + 1) % 10)) is None  # a typo
        assert payments.find(" " + bill.code) is bill

        bendahara, loket = treasurer(), officer("DPMPTSP")
        paid_at = datetime(2026, 12, 3, 3, tzinfo=UTC)
        with pytest.raises(workflow.WorkflowError, match="bendahara"):
            workflow.confirm_payment(bill, loket, perms(loket), 150_000, date(2026, 12, 3), "TRX1", now=paid_at)
        with pytest.raises(workflow.WorkflowError, match="sama dengan tagihan"):
            workflow.confirm_payment(bill, bendahara, perms(bendahara), 15_000, date(2026, 12, 3), "TRX1",
                                     now=paid_at)
        with pytest.raises(workflow.WorkflowError, match="Tanggal bayar"):
            workflow.confirm_payment(bill, bendahara, perms(bendahara), 150_000, date(2026, 12, 4), "TRX1",
                                     now=paid_at)
        assert application.status == AWAITING_PAYMENT and bill.status != PAID
        workflow.confirm_payment(bill, bendahara, perms(bendahara), 150_000, date(2026, 12, 3), "BSU-778812",
                                 now=paid_at)
        assert bill.status == PAID and application.status == APPROVED and application.verify_token
        assert application.valid_until.replace(tzinfo=UTC) == paid_at + timedelta(days=30)
        with pytest.raises(workflow.WorkflowError, match="sudah lunas"):
            workflow.confirm_payment(bill, bendahara, perms(bendahara), 150_000, date(2026, 12, 3), "X",
                                     now=paid_at)

        pdf = certificate.certificate_pdf(application)
        text = text_of(pdf)
        assert "lunas 3 Desember 2026" in text and bill.code in text and "BSU-778812" in text
        assert "3 Desember 2026 sampai dengan 2 Januari 2027" in text
        assert signature_status(pdf, regency_root()).valid
        assert [e.action for e in application.events][-3:] == ["approved", "billed", "paid"]
        subjects = list(db.session.scalars(select(OutboxMessage.subject).where(
            OutboxMessage.tenant_slug == tenant.slug)))
        assert any("bayar retribusinya" in s for s in subjects) and any("izin terbit" in s for s in subjects)

        rows = payments.receipts(2026)
        assert [(r.month, r.permit, r.count, r.total) for r in rows] == [
            (date(2026, 12, 1), "Izin Penyelenggaraan Reklame", 1, 150_000)]
        assert payments.receipts(2025) == []


def test_unpaid_bill_expires_with_a_notice(app_ctx, tenant):
    approved_at = datetime(2026, 11, 2, 2, tzinfo=UTC)
    with app_ctx.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        application = approve_billboard(approved_at)
        bill = payments.bill_of(application)
        assert workflow.expire_bills(now=bill.due_at.replace(tzinfo=UTC) - timedelta(minutes=1)) == 0
        assert workflow.expire_bills(now=bill.due_at.replace(tzinfo=UTC) + timedelta(minutes=1)) == 1
        assert bill.status == EXPIRED and application.status == REJECTED
        assert application.events[-1].action == "expired"
        subjects = list(db.session.scalars(select(OutboxMessage.subject).where(
            OutboxMessage.tenant_slug == tenant.slug)))
        assert any("kedaluwarsa" in s for s in subjects)
        bendahara = treasurer()
        with pytest.raises(workflow.WorkflowError, match="kedaluwarsa"):
            workflow.confirm_payment(bill, bendahara, perms(bendahara), bill.amount, date(2026, 11, 3), "X")


def test_free_permit_is_issued_at_approval_and_bills_stay_in_their_regency(app_ctx, make_tenant):
    first, second = make_tenant(modules=("sri_deli",)), make_tenant(modules=("sri_deli",))
    now = datetime(2026, 12, 1, 3, tzinfo=UTC)
    with app_ctx.test_request_context(base_url=f"http://{first.primary_host}"), tenant_context(first):
        code = payments.bill_of(approve_billboard(now)).code
    with app_ctx.test_request_context(base_url=f"http://{second.primary_host}"), tenant_context(second):
        assert payments.find(code) is None and payments.unpaid() == []
        assert tenant_db.session.scalar(select(Bill)) is None


def test_citizen_sees_how_to_pay_and_treasurer_confirms_over_http(app, make_tenant):
    from tests.identity.helpers import add_user, csrf_token, sign_in

    tenant = make_tenant(modules=("sri_deli",))
    base = f"http://{tenant.primary_host}"
    add_user(app, tenant, "citizen", email="warga@example.id")
    add_user(app, tenant, "bendahara_penerimaan", email="bendahara@example.id")
    with app.test_request_context(base_url=base), tenant_context(tenant):
        from kiblat.platform.identity.models import User

        application = approve_billboard(datetime.now(UTC))
        application.user_id = tenant_db.session.scalar(select(User.id).where(User.email == "warga@example.id"))
        tenant_db.session.commit()
        application_id, bill = application.id, payments.bill_of(application)
        code, bill_id = bill.code, bill.id
    citizen = app.test_client()
    sign_in(citizen, tenant, "warga@example.id")
    detail = citizen.get(f"/perizinan/saya/{application_id}", base_url=base).text
    assert code in detail and "Rp150.000" in detail and "Bayar di teller" in detail
    assert citizen.get(f"/perizinan/saya/{application_id}/izin.pdf", base_url=base).status_code == 404
    assert citizen.get("/perizinan/bendahara", base_url=base).status_code == 403

    treasurer_client = app.test_client()
    sign_in(treasurer_client, tenant, "bendahara@example.id")
    listing = treasurer_client.get("/perizinan/bendahara", base_url=base).text
    assert code in listing
    assert "tidak ditemukan" in treasurer_client.get("/perizinan/bendahara?kode=123", base_url=base).text
    assert f"/perizinan/bendahara/{bill_id}" in treasurer_client.get(f"/perizinan/bendahara?kode={code}",
                                                                     base_url=base).text
    page = treasurer_client.get(f"/perizinan/bendahara/{bill_id}", base_url=base).text
    today = payments_today(app, tenant)
    wrong = treasurer_client.post(f"/perizinan/bendahara/{bill_id}", base_url=base, data={
        "csrf_token": csrf_token(page), "jumlah": "150.000", "tanggal": today, "referensi": "TRX"})
    assert wrong.status_code == 422 and "angka bulat" in wrong.text
    done = treasurer_client.post(f"/perizinan/bendahara/{bill_id}", base_url=base, data={
        "csrf_token": csrf_token(page), "jumlah": "150000", "tanggal": today, "referensi": "TRX-99"})
    assert done.status_code == 302
    pdf = citizen.get(f"/perizinan/saya/{application_id}/izin.pdf", base_url=base)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    report = treasurer_client.get(f"/perizinan/bendahara/penerimaan?tahun={today[:4]}", base_url=base).text
    assert "Izin Penyelenggaraan Reklame" in report and "Rp150.000" in report


def payments_today(app, tenant) -> str:  # noqa: ANN001
    with app.app_context(), tenant_context(tenant):
        return payments.local_day(datetime.now(UTC)).isoformat()
