"""The fleet as the console lists it: everything from the control plane in a few queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from kiblat.migrations.runner import CORE_BRANCH, tenant_heads
from kiblat.platform.billing.models import BillingAccount
from kiblat.platform.billing.pricing import base_prices, quote
from kiblat.platform.core.extensions import db
from kiblat.platform.regions.models import Province, Regency
from kiblat.tenants.models import ModuleEnablement, Tenant, TenantRevision, TenantStatus

PER_PAGE = 50
STATUSES = tuple(s.value for s in TenantStatus)


@dataclass(frozen=True)
class Filters:
    q: str = ""
    status: str = ""
    province: str = ""
    module: str = ""

    @classmethod
    def from_args(cls, args) -> Filters:  # noqa: ANN001 - request.args
        def one(name: str, limit: int) -> str:
            return (args.get(name) or "").strip()[:limit]

        return cls(one("q", 100), one("status", 20), one("province", 2), one("module", 40))


@dataclass
class TenantRow:
    id: int
    slug: str
    official_name: str
    region_code: str
    province_code: str
    province_name: str
    status: str
    created_at: datetime
    population: int | None
    modules: list[str] = field(default_factory=list)
    revisions: dict[str, str] = field(default_factory=dict)
    behind: list[str] = field(default_factory=list)
    standing: str | None = None
    billing_mode: str | None = None
    plan_total: int = 0
    plan_tier: str = ""


def provinces() -> list[tuple[str, str]]:
    return [(code, name) for code, name in db.session.execute(select(Province.code, Province.name).order_by(Province.code))]


def tenant_rows(filters: Filters | None = None) -> list[TenantRow]:
    """Every tenant matching ``filters``, with modules, revisions vs heads, plan and standing."""
    filters = filters or Filters()
    query = (select(Tenant, Province.name, Regency.population)
             .join(Province, Province.code == Tenant.province_code)
             .join(Regency, Regency.code == Tenant.region_code)
             .order_by(Tenant.slug))
    if filters.status:
        query = query.where(Tenant.status == filters.status)
    if filters.province:
        query = query.where(Tenant.province_code == filters.province)
    if filters.q:
        needle = f"%{filters.q.lower()}%"
        query = query.where(Tenant.slug.ilike(needle) | Tenant.official_name.ilike(needle)
                            | (Tenant.region_code == filters.q))
    if filters.module:
        query = query.where(Tenant.id.in_(select(ModuleEnablement.tenant_id).where(
            ModuleEnablement.module_key == filters.module, ModuleEnablement.enabled.is_(True))))
    rows = [TenantRow(t.id, t.slug, t.official_name, t.region_code, t.province_code, province_name, str(t.status),
                      t.created_at, population)
            for t, province_name, population in db.session.execute(query)]
    if not rows:
        return rows
    ids = [r.id for r in rows]
    modules: dict[int, list[str]] = defaultdict(list)
    for tenant_id, key in db.session.execute(
        select(ModuleEnablement.tenant_id, ModuleEnablement.module_key)
        .where(ModuleEnablement.tenant_id.in_(ids), ModuleEnablement.enabled.is_(True))
        .order_by(ModuleEnablement.module_key)
    ):
        modules[tenant_id].append(key)
    revisions: dict[int, dict[str, str]] = defaultdict(dict)
    for tenant_id, branch, revision in db.session.execute(
        select(TenantRevision.tenant_id, TenantRevision.branch, TenantRevision.revision)
        .where(TenantRevision.tenant_id.in_(ids))
    ):
        revisions[tenant_id][branch] = revision
    accounts = {a.tenant_id: a for a in db.session.scalars(
        select(BillingAccount).where(BillingAccount.tenant_id.in_(ids)))}
    heads = tenant_heads()
    known = set(current_app.extensions["kiblat_modules"].keys())
    prices = base_prices(current_app.extensions["kiblat_modules"])
    for row in rows:
        row.modules = modules.get(row.id, [])
        row.revisions = revisions.get(row.id, {})
        row.behind = [b for b in [CORE_BRANCH, *[m for m in row.modules if m in known]]
                      if row.revisions.get(b) != heads.get(b)]
        account = accounts.get(row.id)
        if account is not None:
            row.standing, row.billing_mode = account.standing, account.mode
        plan = quote(row.modules, row.population, prices)
        row.plan_total, row.plan_tier = plan.total, plan.tier.label
    return rows


def page_of(rows: list, page: int, per_page: int = PER_PAGE) -> tuple[list, int, int]:
    """The rows of ``page`` (clamped), the page number and the number of pages."""
    pages = max(1, -(-len(rows) // per_page))
    page = min(max(1, page), pages)
    return rows[(page - 1) * per_page: page * per_page], page, pages
