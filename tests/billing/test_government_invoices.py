"""Government invoices: issued per month with a PDF, paid by transfer and marked paid by staff;
unpaid after the due date → grace period with a notice → suspension → paid → resumed.
The clock is passed to the services, so weeks go by without sleeping."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from kiblat.platform.billing import invoices as gov
from kiblat.platform.billing.accounts import (
    configure_account,
    get_account,
    tenant_by_slug,
    tenant_quote,
)
from kiblat.platform.billing.models import GOOD, GOVERNMENT, GRACE, PAID, SUSPENDED
from kiblat.platform.billing.pdf import invoice_pdf
from kiblat.platform.billing.settings import BillingError
from kiblat.platform.billing.standing import reconcile
from kiblat.platform.cli import cli
from kiblat.platform.core.extensions import db
from kiblat.platform.web.formatting import rupiah
from kiblat.tenants import services
from kiblat.tenants.models import TenantStatus

from .conftest import outbox_subjects

ISSUED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
DECEMBER = date(2026, 12, 1)


def status(slug: str) -> TenantStatus:
    db.session.rollback()
    return tenant_by_slug(slug).status


def test_without_a_stripe_key_tenants_are_billed_by_government_invoice(app_ctx, make_tenant):
    tenant = make_tenant()
    assert get_account(tenant.slug).mode == GOVERNMENT


def test_invoice_has_a_line_per_module_and_a_pdf_with_the_regency_and_total(app_ctx, make_tenant):
    tenant = make_tenant(modules=("pengumuman",))
    invoice = gov.issue_invoice(tenant.slug, DECEMBER, ISSUED)
    plan = tenant_quote(tenant_by_slug(tenant.slug))
    assert invoice.number == f"KBL-202612-{tenant.slug}"
    assert [(line.module_key, line.amount) for line in invoice.lines] == [("pengumuman", plan.total)]
    assert invoice.total == plan.total > 0
    assert (invoice.period_start, invoice.period_end, invoice.due_date) == (
        date(2026, 12, 1), date(2026, 12, 31), date(2026, 12, 31))
    assert gov.issue_invoice(tenant.slug, DECEMBER, ISSUED + timedelta(days=3)).id == invoice.id

    text = PdfReader(io.BytesIO(invoice_pdf(invoice, tenant_by_slug(tenant.slug)))).pages[0].extract_text()
    assert tenant.official_name in text
    assert invoice.number in text
    assert "Modul Pengumuman" in text
    assert rupiah(invoice.total) in text
    assert "Jatuh tempo" in text and "31 Desember 2026" in text


def test_unpaid_invoice_grace_then_suspension_then_payment_resumes(app, app_ctx, make_tenant, client):
    tenant = make_tenant()
    bystander = make_tenant()
    configure_account(tenant.slug, contact_email="Keuangan@Pemda.example.id")
    invoice = gov.issue_invoice(tenant.slug, DECEMBER, ISSUED)
    gov.issue_invoice(bystander.slug, DECEMBER, ISSUED)
    gov.mark_invoice_paid(f"KBL-202612-{bystander.slug}", ISSUED, paid_by="staf")

    # Still within the due date: nothing happens.
    assert reconcile(tenant.id, datetime(2026, 12, 31, 23, 59, tzinfo=UTC)).state == GOOD
    assert outbox_subjects(tenant.slug) == []

    # The day after the due date: grace period, with a notice by email.
    standing = reconcile(tenant.id, datetime(2027, 1, 1, 0, 0, tzinfo=UTC))
    assert standing.state == GRACE
    assert standing.grace_until == datetime(2027, 1, 15, tzinfo=UTC)
    assert outbox_subjects(tenant.slug) == [f"Tagihan Kiblat {tenant.official_name} lewat jatuh tempo"]
    assert status(tenant.slug) == TenantStatus.ACTIVE
    assert client.get("/", base_url=f"http://{tenant.primary_host}").status_code == 200

    # Reconciling again the same day sends nothing more.
    reconcile(tenant.id, datetime(2027, 1, 14, 23, 59, tzinfo=UTC))
    assert len(outbox_subjects(tenant.slug)) == 1

    # Grace period over: suspended, citizens see the notice, the regency is told.
    assert reconcile(tenant.id, datetime(2027, 1, 15, 0, 0, tzinfo=UTC)).state == SUSPENDED
    assert status(tenant.slug) == TenantStatus.SUSPENDED
    page = client.get("/", base_url=f"http://{tenant.primary_host}")
    assert page.status_code == 503
    assert "dihentikan sementara" in page.get_data(as_text=True)
    assert outbox_subjects(tenant.slug)[-1] == f"Layanan Kiblat {tenant.official_name} dihentikan sementara"
    # The other regency paid and is untouched.
    assert reconcile(bystander.id, datetime(2027, 1, 15, tzinfo=UTC)).state == GOOD
    assert status(bystander.slug) == TenantStatus.ACTIVE
    assert client.get("/", base_url=f"http://{bystander.primary_host}").status_code == 200

    # Staff record the transfer through the CLI: the tenant is resumed.
    result = CliRunner().invoke(cli, ["billing", "invoice-paid", invoice.number, "--reference", "TRF-0001"],
                                env=dict(app.config["KIBLAT_SOURCE_ENV"]))
    assert result.exit_code == 0, result.output
    assert "lunas" in result.output
    assert status(tenant.slug) == TenantStatus.ACTIVE
    assert get_account(tenant.slug).standing == GOOD
    assert gov.get_invoice(invoice.number).status == PAID
    assert gov.get_invoice(invoice.number).payment_reference == "TRF-0001"
    assert client.get("/", base_url=f"http://{tenant.primary_host}").status_code == 200
    assert outbox_subjects(tenant.slug)[-1] == f"Pembayaran Kiblat {tenant.official_name} diterima"

    # Paying twice is refused with a clear message.
    result = CliRunner().invoke(cli, ["billing", "invoice-paid", invoice.number],
                                env=dict(app.config["KIBLAT_SOURCE_ENV"]))
    assert result.exit_code != 0 and "sudah tercatat lunas" in result.output


def test_payment_does_not_resume_a_tenant_staff_suspended(app_ctx, make_tenant):
    tenant = make_tenant()
    invoice = gov.issue_invoice(tenant.slug, DECEMBER, ISSUED)
    services.suspend_tenant(tenant.slug)  # staff decision, not billing's
    assert reconcile(tenant.id, datetime(2027, 2, 1, tzinfo=UTC)).state == SUSPENDED
    gov.mark_invoice_paid(invoice.number, datetime(2027, 2, 2, tzinfo=UTC), paid_by="staf")
    assert get_account(tenant.slug).standing == GOOD
    assert status(tenant.slug) == TenantStatus.SUSPENDED


def test_invoice_numbers_of_one_tenant_are_never_found_for_another(app_ctx, make_tenant):
    tenant_a, tenant_b = make_tenant(), make_tenant()
    invoice = gov.issue_invoice(tenant_a.slug, DECEMBER, ISSUED)
    assert gov.get_invoice(invoice.number, tenant_id=tenant_a.id).id == invoice.id
    with pytest.raises(BillingError, match="tidak ditemukan"):
        gov.get_invoice(invoice.number, tenant_id=tenant_b.id)


def test_bad_input_gets_a_clear_message(app_ctx, make_tenant):
    tenant = make_tenant(modules=())
    with pytest.raises(BillingError, match="TTTT-BB"):
        gov.parse_period("12/2026")
    with pytest.raises(BillingError, match="tidak memiliki modul aktif"):
        gov.issue_invoice(tenant.slug, DECEMBER, ISSUED)
    with pytest.raises(BillingError, match="tidak ditemukan"):
        gov.mark_invoice_paid("KBL-000000-tidakada", ISSUED, paid_by="staf")
    with pytest.raises(BillingError, match="tidak valid"):
        configure_account(tenant.slug, contact_email="bukan-email")
    with pytest.raises(BillingError, match="tidak dikenal"):
        configure_account(tenant.slug, mode="tunai")


def test_cli_issues_invoices_and_writes_the_pdf(app, make_tenant, tmp_path):
    tenant = make_tenant()
    env = dict(app.config["KIBLAT_SOURCE_ENV"])
    runner = CliRunner()
    result = runner.invoke(cli, ["billing", "issue", "--period", "2027-03", "--slug", tenant.slug], env=env)
    assert result.exit_code == 0, result.output
    assert f"KBL-202703-{tenant.slug}" in result.output
    target = tmp_path / "tagihan.pdf"
    result = runner.invoke(cli, ["billing", "pdf", f"KBL-202703-{tenant.slug}", "-o", str(target)], env=env)
    assert result.exit_code == 0, result.output
    assert f"KBL-202703-{tenant.slug}" in PdfReader(target).pages[0].extract_text()
    result = runner.invoke(cli, ["billing", "quote", tenant.slug], env=env)
    with app.app_context():
        total = rupiah(tenant_quote(tenant_by_slug(tenant.slug)).total)
    assert result.exit_code == 0 and total in result.output
    result = runner.invoke(cli, ["billing", "issue", "--period", "2027-13"], env=env)
    assert result.exit_code != 0 and "tidak valid" in result.output
