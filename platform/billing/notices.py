"""Billing notices by email, through the platform outbox (each sent once)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from kiblat.platform.billing.models import GOOD, GRACE, SUSPENDED, BillingAccount
from kiblat.platform.core.times import as_utc
from kiblat.platform.jobs.queue import enqueue
from kiblat.platform.mail.sender import queue_message
from kiblat.platform.web.formatting import long_date
from kiblat.tenants.models import Tenant


def _date(moment: datetime | None) -> str:
    # Part of each notice's once-only key; kept as it was so a notice already sent is not repeated.
    return moment.strftime("%d-%m-%Y") if moment else "-"


def _local_date(moment: datetime | None, tenant: Tenant) -> str:
    """The day as the regency reads it (``15 Januari 2027``), in its own time zone."""
    if moment is None:
        return "-"
    return long_date(as_utc(moment).astimezone(ZoneInfo(tenant.time_zone)).date())


def standing_notice(tenant: Tenant, state: str, grace_until: datetime | None) -> tuple[str, str]:
    name = tenant.official_name
    if state == GRACE:
        subject = f"Tagihan Kiblat {name} lewat jatuh tempo"
        body = (
            f"Yth. {name},\n\n"
            "Pembayaran langganan Kiblat Anda telah lewat jatuh tempo.\n"
            f"Mohon lunasi sebelum {_local_date(grace_until, tenant)}; setelah tanggal itu layanan digital "
            "untuk warga akan dihentikan sementara.\n"
        )
    elif state == SUSPENDED:
        subject = f"Layanan Kiblat {name} dihentikan sementara"
        body = (
            f"Yth. {name},\n\n"
            "Karena tagihan belum dilunasi setelah masa tenggang, layanan digital Anda "
            "dihentikan sementara. Data tetap aman dan layanan aktif kembali setelah pembayaran diterima.\n"
        )
    else:
        subject = f"Pembayaran Kiblat {name} diterima"
        body = f"Yth. {name},\n\nTerima kasih, pembayaran telah diterima dan layanan berjalan normal.\n"
    return subject, body


def send_standing_notice(tenant: Tenant, account: BillingAccount, state: str,
                         grace_until: datetime | None, now: datetime) -> None:
    """Queue the notice of a change of standing; without a contact address nothing is sent."""
    if not account.contact_email or state not in (GOOD, GRACE, SUSPENDED):
        return
    subject, body = standing_notice(tenant, state, grace_until)
    key = f"billing:{tenant.slug}:{state}:{_date(grace_until) if state != GOOD else now.isoformat()}"
    message = queue_message(account.contact_email, subject, body, key=key, tenant_slug=tenant.slug)
    if message.status == "pending":
        enqueue("mail.deliver", {"message_id": message.id}, tenant_slug=tenant.slug)
