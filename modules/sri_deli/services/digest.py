"""Officers' daily digest: what waits for each of them, and what is due soon or late."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from kiblat.modules.sri_deli.services import queries
from kiblat.modules.sri_deli.services.holidays import holiday_set
from kiblat.platform.identity.account_mail import public_link
from kiblat.platform.identity.models import User
from kiblat.platform.identity.roles import permissions_for
from kiblat.platform.jobs.queue import enqueue
from kiblat.platform.mail.sender import queue_message
from kiblat.platform.web.formatting import long_date
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


def send_daily_digest(now: datetime | None = None) -> int:
    """One message per officer with waiting items (once per officer per day); returns how many."""
    now = now or datetime.now(UTC)
    tenant = current_tenant
    holidays = holiday_set()
    sent = 0
    officers = tenant_db.session.scalars(select(User).where(User.opd_id.is_not(None), User.active.is_(True),
                                                            User.email.is_not(None)))
    for officer in officers:
        permissions = permissions_for(officer.role_keys, tenant)
        items = queries.officer_queue(officer, permissions, everything=True)
        if not items:
            continue
        states = [(item, queries.sla_status(item, now=now, holidays=holidays)) for item in items]
        late = [i for i, s in states if s.late]
        soon = [i for i, s in states if not s.late and s.remaining <= 1]
        lines = [f"Yth. {officer.name},", "", f"Ada {len(items)} permohonan menunggu tindakan Anda.",
                 f"Terlambat: {len(late)}; jatuh tempo dalam 1 hari kerja: {len(soon)}.", ""]
        lines += [f"- {item.number} ({item.permit_type.name}), batas {long_date(state.due)}"
                  for item, state in states[:20]]
        lines += ["", f"Antrean: {public_link(tenant, '/perizinan/petugas')}"]
        local_day = queries.sla.local_date(now, tenant.time_zone)
        day = local_day.isoformat()  # the idempotency key only; people read the written-out date
        message = queue_message(officer.email, f"Ringkasan harian perizinan {long_date(local_day)}", "\n".join(lines),
                                key=f"sri_deli:digest:{tenant.slug}:{officer.id}:{day}", tenant_slug=tenant.slug)
        enqueue("mail.deliver", {"message_id": message.id}, tenant_slug=tenant.slug)
        sent += 1
    return sent
