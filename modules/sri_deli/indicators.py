"""Sri Deli's smart-city indicators (the manifest's ``indicators``): durations and counts of
decisions, never an applicant. Decisions of the last 12 months; permits of the last 90 days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from statistics import median

from sqlalchemy import func, select

from kiblat.modules.sri_deli.models import APPROVED, REJECTED, Application, PermitType
from kiblat.modules.sri_deli.services import sla
from kiblat.modules.sri_deli.services.holidays import holiday_set
from kiblat.modules.sri_deli.services.queries import aware, pauses_of
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

YEAR = timedelta(days=365)
WINDOW_DAYS = 90


def _decisions() -> list[tuple[int, int]]:
    """``(working days to decision, SLA days)`` of every decision in the last 12 months."""
    holidays, tz = holiday_set(), current_tenant.time_zone
    rows = tenant_db.session.execute(
        select(Application.submitted_at, Application.decided_at, Application.pauses, Application.paused_at,
               PermitType.sla_days)
        .join(PermitType, PermitType.id == Application.permit_type_id)
        .where(Application.status.in_((APPROVED, REJECTED)), Application.decided_at.is_not(None),
               Application.decided_at > datetime.now(UTC) - YEAR))
    found = []
    for submitted, decided_at, pauses, paused_at, sla_days in rows:
        end = aware(decided_at)
        stand_in = Application(pauses=pauses, paused_at=paused_at)
        found.append((sla.elapsed_working_days(aware(submitted), end, pauses_of(stand_in, end), tz, holidays), sla_days))
    return found


def median_days_to_decision() -> float | None:
    days = [d for d, _ in _decisions()]
    return float(median(days)) if days else None


def share_within_sla() -> float | None:
    """Percentage of decisions made within their permit type's SLA."""
    decisions = _decisions()
    if not decisions:
        return None
    return round(100 * sum(1 for d, limit in decisions if d <= limit) / len(decisions), 1)


def permits_per_month() -> float:
    """Permits approved in the last 90 days, per 30 days."""
    count = tenant_db.session.scalar(
        select(func.count()).select_from(Application).where(
            Application.status == APPROVED, Application.decided_at > datetime.now(UTC) - timedelta(days=WINDOW_DAYS)))
    return round((count or 0) * 30 / WINDOW_DAYS, 2)
