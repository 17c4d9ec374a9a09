"""Adoption and activity over time for the console's charts.

Tenants created per month come from the control plane (one query). Audit events and
distinct active users per month live in each tenant's own audit log: one grouped query per
tenant, for active and suspended tenants, kept for ``CACHE_SECONDS`` in this process.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, date, datetime

from flask import current_app
from sqlalchemy import func, literal_column, select

from kiblat.platform.core.extensions import db
from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.platform.site.charts import last_months
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import Tenant, TenantStatus

CACHE_SECONDS = 600.0
CACHE_KEY = "kiblat_console_activity"


def _month(value: datetime) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def tenants_created(months: list[str]) -> list[tuple[str, int]]:
    start = datetime.fromisoformat(f"{months[0]}-01").replace(tzinfo=UTC)
    counts = Counter(_month(c) for c in db.session.scalars(select(Tenant.created_at).where(Tenant.created_at >= start)))
    return [(m, counts.get(m, 0)) for m in months]


def _month_expression():  # noqa: ANN202
    column = AuditEntry.__table__.c.created_at
    if tenant_db.engines.is_postgresql:
        return func.to_char(column, literal_column("'YYYY-MM'"))
    return func.strftime("%Y-%m", column)


def tenant_activity(slug: str, since: datetime) -> dict[str, tuple[int, int]]:
    """``{"YYYY-MM": (audit events, distinct acting users)}`` of one tenant since ``since``."""
    table = AuditEntry.__table__
    month = _month_expression().label("month")
    query = (select(month, func.count(), func.count(table.c.actor_user_id.distinct()))
             .where(table.c.created_at >= since).group_by(month))
    engines = tenant_db.engines
    if not engines.is_postgresql and not engines.sqlite_path(slug).exists():
        return {}
    try:
        with engines.engine_for(slug).connect() as conn:
            return {m: (int(events), int(users)) for m, events, users in conn.execute(query)}
    except Exception:  # noqa: BLE001 - one unreadable tenant must not hide the others
        return {}


def fleet_activity(months: list[str]) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(audit events per month, active users per month) over the live fleet, cached."""
    cache = current_app.extensions.setdefault(CACHE_KEY, {})
    key = tuple(months)
    hit = cache.get(key)
    if hit is not None and time.monotonic() - hit[0] < CACHE_SECONDS:
        return hit[1]
    since = datetime.fromisoformat(f"{months[0]}-01").replace(tzinfo=UTC)
    events: Counter[str] = Counter()
    users: Counter[str] = Counter()
    slugs = db.session.scalars(select(Tenant.slug).where(
        Tenant.status.in_([TenantStatus.ACTIVE, TenantStatus.SUSPENDED]))).all()
    for slug in slugs:
        for month, (n_events, n_users) in tenant_activity(slug, since).items():
            events[month] += n_events
            users[month] += n_users
    result = ([(m, events.get(m, 0)) for m in months], [(m, users.get(m, 0)) for m in months])
    cache[key] = (time.monotonic(), result)
    return result


def months_until(today: date | None = None, count: int = 12) -> list[str]:
    return last_months(today or datetime.now(UTC).date(), count)
