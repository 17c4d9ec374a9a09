"""The walidata's data plan and each OPD's "tingkat keterisian": of the planned datasets, how
many were released for their last finished period, and how many of those on time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from kiblat.modules.satu_data.models import PUBLISHED, SUPERSEDED, DataPlan, Dataset, DatasetVersion
from kiblat.modules.satu_data.services import access, metadata
from kiblat.platform.identity.models import Opd
from kiblat.platform.identity.texts import _
from kiblat.tenants.database import tenant_db


class PlanError(ValueError):
    """Refused; ``str()`` is the message to show."""


@dataclass
class Completeness:
    opd: Opd
    planned: int
    delivered: int
    on_time: int

    @property
    def percent(self) -> int:
        return round(self.delivered * 100 / self.planned) if self.planned else 0


def opd_choices() -> list[tuple[int, str]]:
    return [(opd.id, opd.name) for opd in tenant_db.session.scalars(
        select(Opd).where(Opd.active.is_(True)).order_by(Opd.name))]


def add_plan(opd_id: int, title: str, frequency: str, due_days: int, priority: bool,
             permissions: frozenset[str]) -> DataPlan:
    access.require_walidata(permissions)
    if tenant_db.session.get(Opd, opd_id) is None:
        raise PlanError(_("Pilih OPD dari daftar."))
    if frequency not in metadata.FREQUENCIES:
        raise PlanError(_("Pilih frekuensi dari daftar."))
    if not title.strip():
        raise PlanError(_("Judul wajib diisi."))
    plan = DataPlan(opd_id=opd_id, title=title.strip()[:300], frequency=frequency, due_days=due_days,
                    priority=priority)
    tenant_db.session.add(plan)
    tenant_db.session.flush()
    return plan


def all_plans() -> list[DataPlan]:
    return list(tenant_db.session.scalars(select(DataPlan).order_by(DataPlan.opd_id, DataPlan.title)))


def plans_of_opd(opd_id: int | None) -> list[DataPlan]:
    if opd_id is None:
        return []
    return list(tenant_db.session.scalars(select(DataPlan).where(DataPlan.opd_id == opd_id).order_by(DataPlan.title)))


def last_period_end(frequency: str, today: date) -> date:
    """The last day of the most recent period that has ended before ``today``."""
    if frequency == "bulanan":
        return today.replace(day=1) - timedelta(days=1)
    if frequency == "triwulanan":
        quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        return quarter_start - timedelta(days=1)
    return date(today.year - 1, 12, 31)


def completeness(today: date | None = None) -> list[Completeness]:
    today = today or datetime.now(UTC).date()
    session = tenant_db.session
    releases: dict[int, list[date]] = {}
    rows = session.execute(select(Dataset.plan_id, DatasetVersion.published_at).join(DatasetVersion).where(
        Dataset.plan_id.is_not(None), DatasetVersion.status.in_((PUBLISHED, SUPERSEDED))))
    for plan_id, published_at in rows:
        if published_at is not None:
            releases.setdefault(plan_id, []).append(published_at.date())
    by_opd: dict[int, Completeness] = {}
    for plan in all_plans():
        opd = session.get(Opd, plan.opd_id)
        row = by_opd.setdefault(opd.id, Completeness(opd, 0, 0, 0))
        row.planned += 1
        period_end = last_period_end(plan.frequency, today)
        after = [day for day in releases.get(plan.id, []) if day > period_end]
        if after:
            row.delivered += 1
            if min(after) <= period_end + timedelta(days=plan.due_days):
                row.on_time += 1
    return sorted(by_opd.values(), key=lambda item: item.opd.name)
