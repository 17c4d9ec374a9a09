"""The regency's target and the improvement plans per desa (what, funded by whom, how much,
by when), and the progress towards the target."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from kiblat.modules.desa_terhubung.models import Plan, Target
from kiblat.modules.desa_terhubung.services import registry
from kiblat.modules.desa_terhubung.services.errors import DesaError
from kiblat.modules.desa_terhubung.services.vocab import FUNDING, PLAN_STATUSES
from kiblat.platform.core.texts import _
from kiblat.platform.identity.audit.service import record
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa

MAX_BUDGET = 1_000_000_000_000  # a trillion Rupiah: more is a typing mistake


def current_target() -> Target | None:
    return tenant_db.session.scalar(select(Target).order_by(Target.id.desc()).limit(1))


def set_target(title: str, year: int | None, max_blankspot: int | None) -> Target:
    title = (title or "").strip()
    if len(title) < 5:
        raise DesaError(_("Tulis targetnya (minimal 5 huruf)."))
    if year is None or not 2000 <= year <= 2100:
        raise DesaError(_("Tahun target tidak valid."))
    if max_blankspot is None or max_blankspot < 0:
        raise DesaError(_("Jumlah desa blankspot tidak boleh negatif."))
    target = Target(title=title[:200], year=year, max_blankspot=max_blankspot)
    tenant_db.session.add(target)
    tenant_db.session.flush()
    record("desa_terhubung.target.set", "desa_terhubung_target", target.id)
    tenant_db.session.commit()
    return target


def add_plan(desa_code: str, what: str, funding: str, budget: int | None, status: str = "planned",
             expected_on: date | None = None, user_id: int | None = None) -> Plan:
    if tenant_db.session.get(Desa, desa_code or "") is None:
        raise DesaError(_("Desa/kelurahan tidak ditemukan di kabupaten/kota ini."))
    what = (what or "").strip()
    if len(what) < 5:
        raise DesaError(_("Tulis apa yang direncanakan (minimal 5 huruf)."))
    if funding not in FUNDING:
        raise DesaError(_("Pilih sumber dana dari daftar."))
    if status not in PLAN_STATUSES:
        raise DesaError(_("Pilih status dari daftar."))
    if budget is None or not 0 <= budget <= MAX_BUDGET:
        raise DesaError(_("Anggaran harus berupa Rupiah antara 0 dan 1 triliun."))
    plan = Plan(desa_code=desa_code, what=what[:300], funding=funding, budget=budget, status=status,
                expected_on=expected_on, created_by_user_id=user_id)
    tenant_db.session.add(plan)
    tenant_db.session.flush()
    record("desa_terhubung.plan.add", "desa_terhubung_plan", plan.id, desa=desa_code)
    tenant_db.session.commit()
    return plan


def set_status(plan_id: int, status: str) -> Plan:
    plan = tenant_db.session.get(Plan, plan_id)
    if plan is None:
        raise DesaError(_("Rencana tidak ditemukan."))
    if status not in PLAN_STATUSES:
        raise DesaError(_("Pilih status dari daftar."))
    plan.status = status
    plan.updated_at = datetime.now(UTC)
    record("desa_terhubung.plan.status", "desa_terhubung_plan", plan.id, status=status)
    tenant_db.session.commit()
    return plan


def plans(desa_code: str | None = None) -> list[Plan]:
    query = select(Plan).order_by(Plan.expected_on.is_(None), Plan.expected_on, Plan.id)
    if desa_code:
        query = query.where(Plan.desa_code == desa_code)
    return list(tenant_db.session.scalars(query))


@dataclass(frozen=True)
class Progress:
    target: Target | None
    blankspot: int
    unknown: int
    budget_by_funding: dict[str, int]
    open_plans: int


def progress(counts: dict[str, int] | None = None) -> Progress:
    counts = counts or registry.counts()
    budget = dict(tenant_db.session.execute(
        select(Plan.funding, func.sum(Plan.budget)).where(Plan.status != "cancelled").group_by(Plan.funding)).all())
    open_plans = tenant_db.session.scalar(
        select(func.count()).select_from(Plan).where(Plan.status.in_(("planned", "funded", "building")))) or 0
    return Progress(current_target(), counts["blankspot"], counts["unknown"],
                    {key: int(budget.get(key) or 0) for key in FUNDING}, open_plans)
