"""Retribusi: a bill with a kode bayar and a due date after approval, the treasurer's
confirmation (amount, date, reference) that issues the permit, expiry of unpaid bills, receipts."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from kiblat.modules.sri_deli.models import (
    AWAITING_PAYMENT,
    EXPIRED,
    PAID,
    REJECTED,
    UNPAID,
    Application,
    ApplicationEvent,
    Bill,
    PermitType,
)
from kiblat.platform.core.times import as_utc
from kiblat.platform.identity.models import User
from kiblat.platform.modular.settings import module_settings
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

REFERENCE_MAX = 80
ONLINE_CONFIRMER = "Stripe"  # who confirmed a bill paid online (shown where a treasurer's name is)


class PaymentError(ValueError):
    pass


def _zone() -> ZoneInfo:
    return ZoneInfo(current_tenant.time_zone or "Asia/Jakarta")


def payment_days() -> int:
    return int(module_settings("sri_deli").get("payment_days", 14))


def instructions() -> str:
    return str(module_settings("sri_deli").get("payment_instructions", "")).strip()


def _check_digit(digits: str) -> str:
    """Luhn check digit: a mistyped digit is caught before a bill is looked up."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


def new_code(now: datetime) -> str:
    """15 digits: the regency's code, the year, 8 random digits and a check digit."""
    region = "".join(ch for ch in current_tenant.region_code if ch.isdigit())[:4].ljust(4, "0")
    for _attempt in range(10):
        body = f"{region}{now:%y}{secrets.randbelow(10**8):08d}"
        code = body + _check_digit(body)
        if tenant_db.session.scalar(select(Bill.id).where(Bill.code == code)) is None:
            return code
    raise PaymentError("no free billing code")  # 10^8 codes a year: not reached in practice


def valid_code(code: str) -> bool:
    return code.isdigit() and len(code) == 15 and _check_digit(code[:-1]) == code[-1]


def create_bill(application: Application, now: datetime) -> Bill:
    """Due at the end of the regency's day ``payment_days`` after approval."""
    last_day = now.astimezone(_zone()).date() + timedelta(days=payment_days())
    due = datetime.combine(last_day, datetime.max.time().replace(microsecond=0), tzinfo=_zone()).astimezone(UTC)
    bill = Bill(application_id=application.id, code=new_code(now), amount=application.fee, status=UNPAID,
                created_at=now, due_at=due)
    tenant_db.session.add(bill)
    tenant_db.session.flush()
    return bill


def bill_of(application: Application) -> Bill | None:
    return tenant_db.session.scalar(select(Bill).where(Bill.application_id == application.id))


def find(code: str) -> Bill | None:
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if not valid_code(code):
        return None
    return tenant_db.session.scalar(select(Bill).where(Bill.code == code))


def unpaid() -> list[Bill]:
    return list(tenant_db.session.scalars(select(Bill).where(Bill.status == UNPAID).order_by(Bill.due_at)))


def recently_paid(limit: int = 20) -> list[Bill]:
    return list(tenant_db.session.scalars(select(Bill).where(Bill.status == PAID)
                                          .order_by(Bill.confirmed_at.desc()).limit(limit)))


def local_day(moment: datetime) -> date:
    return as_utc(moment).astimezone(_zone()).date()


def confirm(bill: Bill, actor: User, amount: int | None, paid_on: date | None, reference: str,
            issue, now: datetime | None = None) -> Bill:  # noqa: ANN001 - workflow.issue, passed down
    """The treasurer records the payment; the permit is issued at once. Commits.

    ``issue`` is the workflow's issuing step (passed in: the workflow uses this module)."""
    now = now or datetime.now(UTC)
    reference = (reference or "").strip()
    if bill.status != UNPAID:
        raise PaymentError(str(_l("Tagihan ini sudah lunas atau kedaluwarsa")))
    if amount != bill.amount:
        raise PaymentError(str(_l("Jumlah yang dibayar harus sama dengan tagihan")))
    today = now.astimezone(_zone()).date()
    if paid_on is None or paid_on > today or paid_on < local_day(bill.created_at):
        raise PaymentError(str(_l("Tanggal bayar harus antara tanggal tagihan dan hari ini")))
    if not reference or len(reference) > REFERENCE_MAX:
        raise PaymentError(str(_l("Nomor referensi/bukti bayar wajib diisi, paling banyak 80 karakter")))
    application = bill.application
    if application.status != AWAITING_PAYMENT:
        raise PaymentError(str(_l("Permohonan ini tidak sedang menunggu pembayaran")))
    bill.status, bill.paid_amount, bill.paid_on, bill.reference = PAID, amount, paid_on, reference
    bill.confirmed_at, bill.confirmed_by_user_id, bill.confirmed_by_name = now, actor.id, actor.name[:120]
    issue(application, now)
    tenant_db.session.add(ApplicationEvent(
        application_id=application.id, at=now, actor_user_id=actor.id, actor_name=actor.name[:120],
        action="paid", note=f"Kode bayar {bill.code}", public=True))
    return bill


def confirm_online(bill: Bill, reference: str, issue, now: datetime | None = None) -> bool:  # noqa: ANN001
    """Stripe reported the bill's amount paid: mark it paid and issue the permit, as the treasurer's
    confirmation does. False when this payment was recorded already (a repeated event). Does not
    commit. The amount, currency and regency were checked against the bill before."""
    now = now or datetime.now(UTC)
    if bill.status == PAID:
        return False
    application = bill.application
    if bill.status != UNPAID or application.status != AWAITING_PAYMENT:
        raise PaymentError(str(_l("Tagihan ini sudah lunas atau kedaluwarsa")))
    bill.status, bill.paid_amount, bill.paid_on, bill.reference = PAID, bill.amount, local_day(now), reference[:80]
    bill.confirmed_at, bill.confirmed_by_user_id, bill.confirmed_by_name = now, None, ONLINE_CONFIRMER
    issue(application, now)
    tenant_db.session.add(ApplicationEvent(
        application_id=application.id, at=now, actor_name=ONLINE_CONFIRMER, action="paid",
        note=f"Kode bayar {bill.code}", public=True))
    return True


def expire_overdue(now: datetime | None = None) -> list[Application]:
    """Unpaid bills past their due date expire; their applications close as not paid. Commits;
    returns the applications to notify."""
    now = now or datetime.now(UTC)
    closed = []
    for bill in tenant_db.session.scalars(select(Bill).where(Bill.status == UNPAID, Bill.due_at < now)):
        bill.status, bill.expired_at = EXPIRED, now
        application = bill.application
        if application.status == AWAITING_PAYMENT:
            application.status = REJECTED
            application.decision_note = "Retribusi tidak dibayar sampai batas waktu"
            tenant_db.session.add(ApplicationEvent(
                application_id=application.id, at=now, actor_name=application.applicant_name[:120],
                action="expired", note="Retribusi tidak dibayar sampai batas waktu; ajukan permohonan baru.",
                public=True))
            closed.append(application)
    tenant_db.session.commit()
    return closed


@dataclass(frozen=True)
class ReceiptRow:
    month: date  # first day of the month
    permit: str
    count: int
    total: int


def receipts(year: int) -> list[ReceiptRow]:
    """Paid retribusi per month (of the payment date) and permit type."""
    rows = tenant_db.session.execute(
        select(Bill.paid_on, Bill.paid_amount, PermitType.name)
        .join(Application, Application.id == Bill.application_id)
        .join(PermitType, PermitType.id == Application.permit_type_id)
        .where(Bill.status == PAID, Bill.paid_on >= date(year, 1, 1), Bill.paid_on <= date(year, 12, 31))).all()
    totals: dict[tuple[date, str], list[int]] = {}
    for paid_on, amount, permit in rows:
        entry = totals.setdefault((paid_on.replace(day=1), permit), [0, 0])
        entry[0] += 1
        entry[1] += amount or 0
    return [ReceiptRow(month, permit, count, total) for (month, permit), (count, total) in sorted(totals.items())]
