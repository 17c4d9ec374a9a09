"""Government invoices: issued per month, paid by transfer, marked paid by platform staff."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from sqlalchemy import select

from kiblat.platform.billing.accounts import account_for, tenant_by_slug, tenant_quote
from kiblat.platform.billing.models import (
    GOVERNMENT,
    OPEN,
    PAID,
    BillingAccount,
    Invoice,
    InvoiceLine,
)
from kiblat.platform.billing.settings import BillingError, due_days
from kiblat.platform.billing.standing import reconcile
from kiblat.platform.core.extensions import db
from kiblat.platform.modular.registry import ModuleError
from kiblat.tenants.models import Tenant, TenantStatus
from kiblat.tenants.services import modules

PERIOD_RE = re.compile(r"^(\d{4})-(\d{2})$")


def parse_period(text: str) -> date:
    """``2026-12`` → the first day of that month."""
    match = PERIOD_RE.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise BillingError(f"Periode {text!r} tidak valid; gunakan TTTT-BB, misalnya 2026-12")
    return date(int(match.group(1)), int(match.group(2)), 1)


def invoice_number(tenant: Tenant, period: date) -> str:
    return f"KBL-{period:%Y%m}-{tenant.slug}"


def module_title(key: str) -> str:
    try:
        return modules().get(key).name.id
    except ModuleError:
        return key


def issue_invoice(slug: str, period: date, now: datetime) -> Invoice:
    """The tenant's invoice for the month starting ``period``; issuing twice returns the same one."""
    tenant = tenant_by_slug(slug)
    period = period.replace(day=1)
    number = invoice_number(tenant, period)
    existing = db.session.scalar(select(Invoice).where(Invoice.number == number))
    if existing is not None:
        return existing
    plan = tenant_quote(tenant)
    if not plan.lines:
        raise BillingError(f"Tenant {slug!r} tidak memiliki modul aktif; tidak ada yang ditagihkan")
    account_for(tenant)
    last_day = calendar.monthrange(period.year, period.month)[1]
    invoice = Invoice(
        tenant_id=tenant.id,
        number=number,
        source=GOVERNMENT,
        period_start=period,
        period_end=period.replace(day=last_day),
        tier=plan.tier.key,
        issued_at=now,
        due_date=now.date() + timedelta(days=due_days()),
        total=plan.total,
        status=OPEN,
    )
    for line in plan.lines:
        invoice.lines.append(InvoiceLine(
            module_key=line.module_key,
            description=f"Modul {module_title(line.module_key)}",
            amount=line.amount,
        ))
    db.session.add(invoice)
    db.session.commit()
    return invoice


def issue_invoices(period: date, now: datetime) -> list[Invoice]:
    """Invoices for every active or suspended tenant billed by government invoice."""

    issued = []
    tenants = db.session.scalars(
        select(Tenant).where(Tenant.status.in_([TenantStatus.ACTIVE, TenantStatus.SUSPENDED])).order_by(Tenant.slug)
    ).all()
    for tenant in tenants:
        account = db.session.get(BillingAccount, tenant.id) or account_for(tenant)
        if account.mode != GOVERNMENT:
            continue
        try:
            issued.append(issue_invoice(tenant.slug, period, now))
        except BillingError:
            continue
    db.session.commit()
    return issued


def get_invoice(number: str, tenant_id: int | None = None) -> Invoice:
    """By number; with ``tenant_id`` only that tenant's invoice is ever found."""
    query = select(Invoice).where(Invoice.number == number.strip())
    if tenant_id is not None:
        query = query.where(Invoice.tenant_id == tenant_id)
    invoice = db.session.scalar(query)
    if invoice is None:
        raise BillingError(f"Tagihan {number!r} tidak ditemukan")
    return invoice


def mark_invoice_paid(number: str, now: datetime, paid_by: str, reference: str | None = None) -> Invoice:
    """Staff record a received transfer; a tenant suspended for non-payment is resumed."""
    invoice = get_invoice(number)
    if invoice.source != GOVERNMENT:
        raise BillingError(f"Tagihan {number} dibayar melalui Stripe; statusnya diperbarui otomatis")
    if invoice.status == PAID:
        raise BillingError(f"Tagihan {number} sudah tercatat lunas")
    invoice.status = PAID
    invoice.paid_at = now
    invoice.paid_by = paid_by[:120]
    invoice.payment_reference = (reference or "")[:120] or None
    reconcile(invoice.tenant_id, now)  # commits the payment with the new standing
    return invoice


def tenant_invoices(tenant_id: int) -> list[Invoice]:
    return list(db.session.scalars(
        select(Invoice).where(Invoice.tenant_id == tenant_id).order_by(Invoice.issued_at.desc(), Invoice.id.desc())
    ))
