"""Where an account stands: good → grace (payment overdue) → suspended → good again.

:func:`standing_at` is pure; :func:`reconcile` stores the result, sends the notice of a
change once, and suspends or resumes the tenant. Both take ``now``, so time is never
read behind the caller's back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from kiblat.platform.billing.models import (
    FAILED,
    GOOD,
    GOVERNMENT,
    GRACE,
    OPEN,
    SUSPENDED,
    BillingAccount,
    Invoice,
)
from kiblat.platform.billing.notices import send_standing_notice
from kiblat.platform.billing.settings import grace_days
from kiblat.platform.core.extensions import db
from kiblat.platform.core.times import as_utc
from kiblat.tenants.models import Tenant, TenantStatus
from kiblat.tenants.services import resume_tenant, suspend_tenant


@dataclass(frozen=True)
class Standing:
    state: str
    overdue_since: datetime | None = None
    grace_until: datetime | None = None


def overdue_since(invoice: Invoice, now: datetime) -> datetime | None:
    """When the invoice became overdue, or None if it is not (yet) overdue."""
    if invoice.source == GOVERNMENT:
        if invoice.status != OPEN or invoice.due_date is None:
            return None
        start = datetime.combine(invoice.due_date + timedelta(days=1), time.min, tzinfo=UTC)
        return start if now >= start else None
    if invoice.status == FAILED and invoice.payment_failed_at is not None:
        return as_utc(invoice.payment_failed_at)
    return None


def standing_at(invoices: Iterable[Invoice], now: datetime, grace: int) -> Standing:
    starts = [s for s in (overdue_since(i, now) for i in invoices) if s is not None]
    if not starts:
        return Standing(GOOD)
    since = min(starts)
    until = since + timedelta(days=grace)
    return Standing(GRACE if now < until else SUSPENDED, since, until)


def _locked_account(tenant_id: int) -> BillingAccount | None:
    """The account row, locked until commit (PostgreSQL) so reconciliations queue up."""
    return db.session.scalar(
        select(BillingAccount).where(BillingAccount.tenant_id == tenant_id)
        .with_for_update().execution_options(populate_existing=True)
    )


def reconcile(tenant_id: int, now: datetime) -> Standing:
    """Bring the account and the tenant's status in line with its invoices. Idempotent.

    Commits the caller's pending changes together with the new standing, so an event's
    effect and the standing it leads to are stored at once."""
    account = _locked_account(tenant_id)
    tenant = db.session.get(Tenant, tenant_id)
    if tenant is None or account is None:
        db.session.commit()
        return Standing(GOOD)
    db.session.flush()
    invoices = db.session.scalars(select(Invoice).where(Invoice.tenant_id == tenant_id)).all()
    standing = standing_at(invoices, now, grace_days())
    changed = standing.state != account.standing
    account.standing = standing.state
    account.grace_until = standing.grace_until
    if changed:
        # Queued in the same transaction as the new standing: no standing change without its notice.
        send_standing_notice(tenant, account, standing.state, standing.grace_until, now)
    db.session.commit()
    _apply_tenant_status(tenant_id)
    return standing


def _apply_tenant_status(tenant_id: int) -> None:
    """Suspend or resume the tenant after the standing stored last (re-read under the lock)."""
    account = _locked_account(tenant_id)
    tenant = db.session.get(Tenant, tenant_id, populate_existing=True)
    if account.standing == SUSPENDED and tenant.status == TenantStatus.ACTIVE:
        account.suspended_by_billing = True
        suspend_tenant(tenant.slug)  # commits the flag with the status
    elif account.standing != SUSPENDED and account.suspended_by_billing:
        account.suspended_by_billing = False
        if tenant.status == TenantStatus.SUSPENDED:
            resume_tenant(tenant.slug)
    db.session.commit()


def sweep(now: datetime) -> dict[str, str]:
    """Reconcile every account (run daily): grace periods run out without any event."""
    results = {}
    for account in db.session.scalars(select(BillingAccount)).all():
        tenant = db.session.get(Tenant, account.tenant_id)
        results[tenant.slug] = reconcile(account.tenant_id, now).state
    return results
