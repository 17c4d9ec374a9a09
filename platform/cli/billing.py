"""``kiblat billing``: plans, government invoices, payments, the daily sweep, Stripe links."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from kiblat.platform.billing import invoices as gov
from kiblat.platform.billing import stripe_billing
from kiblat.platform.billing.accounts import (
    configure_account,
    get_account,
    tenant_by_slug,
    tenant_quote,
)
from kiblat.platform.billing.pdf import invoice_pdf
from kiblat.platform.billing.settings import BillingError
from kiblat.platform.billing.standing import sweep as sweep_accounts
from kiblat.platform.core.extensions import db
from kiblat.platform.web.formatting import rupiah
from kiblat.tenants.models import Tenant


def _now() -> datetime:
    return datetime.now(UTC)


@click.group("billing", help="Plans, invoices and payments of regencies.")
def billing_group() -> None:
    pass


@billing_group.command("quote")
@click.argument("slug")
def quote_cmd(slug: str) -> None:
    """The tenant's monthly price."""
    try:
        tenant = tenant_by_slug(slug)
    except BillingError as exc:
        raise click.ClickException(str(exc)) from None
    plan = tenant_quote(tenant)
    population = f"{plan.population:,}".replace(",", ".") if plan.population is not None else "?"
    click.echo(f"{tenant.official_name}: {population} jiwa, golongan {plan.tier.key} ({plan.tier.label})")
    for line in plan.lines:
        click.echo(f"  {line.module_key:<20} {rupiah(line.amount):>16}")
    click.echo(f"  {'total / bulan':<20} {rupiah(plan.total):>16}")


@billing_group.command("account")
@click.argument("slug")
@click.option("--mode", type=click.Choice(["government", "stripe"]), help="How the regency pays.")
@click.option("--email", "contact_email", help="Address that receives billing notices.")
def account_cmd(slug: str, mode: str | None, contact_email: str | None) -> None:
    """Show or change a tenant's billing account."""
    try:
        account = (configure_account(slug, mode, contact_email) if mode or contact_email else get_account(slug))
    except BillingError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{slug}: mode={account.mode} standing={account.standing} email={account.contact_email or '-'}")


@billing_group.command("issue")
@click.option("--period", help="Month to bill, YYYY-MM (default: the current month).")
@click.option("--slug", help="Only this tenant.")
def issue_cmd(period: str | None, slug: str | None) -> None:
    """Issue government invoices for a month (idempotent)."""
    now = _now()
    try:
        start = gov.parse_period(period) if period else now.date().replace(day=1)
        issued = [gov.issue_invoice(slug, start, now)] if slug else gov.issue_invoices(start, now)
    except BillingError as exc:
        raise click.ClickException(str(exc)) from None
    for invoice in issued:
        click.echo(f"{invoice.number}  {rupiah(invoice.total):>16}  jatuh tempo {invoice.due_date}")


@billing_group.command("invoices")
@click.argument("slug")
def invoices_cmd(slug: str) -> None:
    """A tenant's invoices."""
    try:
        tenant = tenant_by_slug(slug)
    except BillingError as exc:
        raise click.ClickException(str(exc)) from None
    for invoice in gov.tenant_invoices(tenant.id):
        click.echo(f"{invoice.number}  {invoice.status:<6}  {rupiah(invoice.total):>16}  "
                   f"jatuh tempo {invoice.due_date or '-'}")


@billing_group.command("invoice-paid")
@click.argument("number")
@click.option("--reference", help="Transfer reference (e.g. the bank's transaction number).")
@click.option("--by", "paid_by", default="staf", show_default=True, help="Who recorded the payment.")
def invoice_paid_cmd(number: str, reference: str | None, paid_by: str) -> None:
    """Record that a government invoice has been paid (resumes a suspended tenant)."""
    try:
        invoice = gov.mark_invoice_paid(number, _now(), paid_by, reference)
    except BillingError as exc:
        raise click.ClickException(str(exc)) from None
    tenant = db.session.get(Tenant, invoice.tenant_id)
    click.echo(f"{invoice.number}: lunas ({tenant.slug}: {tenant.status.value})")


@billing_group.command("pdf")
@click.argument("number")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="File to write.")
def pdf_cmd(number: str, output: str | None) -> None:
    """Write an invoice's PDF."""
    try:
        invoice = gov.get_invoice(number)
    except BillingError as exc:
        raise click.ClickException(str(exc)) from None
    target = Path(output or f"{invoice.number}.pdf")
    target.write_bytes(invoice_pdf(invoice, db.session.get(Tenant, invoice.tenant_id)))
    click.echo(str(target))


@billing_group.command("sweep")
def sweep_cmd() -> None:
    """Re-evaluate every account: start grace periods, suspend, resume (run daily)."""
    for slug, state in sweep_accounts(_now()).items():
        click.echo(f"{slug}: {state}")


@billing_group.command("checkout")
@click.argument("slug")
@click.option("--success-url", required=True)
@click.option("--cancel-url", required=True)
def checkout_cmd(slug: str, success_url: str, cancel_url: str) -> None:
    """A Stripe Checkout link that subscribes the regency."""
    try:
        click.echo(stripe_billing.create_checkout_session(slug, success_url, cancel_url))
    except BillingError as exc:
        raise click.ClickException(str(exc)) from None


@billing_group.command("portal")
@click.argument("slug")
@click.option("--return-url", required=True)
def portal_cmd(slug: str, return_url: str) -> None:
    """A Stripe Billing Portal link for changing the regency's card."""
    try:
        click.echo(stripe_billing.create_portal_session(slug, return_url))
    except BillingError as exc:
        raise click.ClickException(str(exc)) from None
