"""Everything the console shows about one regency."""

from __future__ import annotations

import json
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from kiblat.platform.console.overview import Filters, TenantRow, tenant_rows
from kiblat.platform.console.usage import Usage, usage_for
from kiblat.platform.core.extensions import db
from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.platform.identity.staff.models import StaffActionLog
from kiblat.provisioning.models import ProvisioningRun, TenantAuditEvent
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import ModuleEnablement, Tenant
from kiblat.tenants.portability.exports import ExportRecord, list_exports
from kiblat.tenants.registry import tenant_registry

AUDIT_LIMIT = 50


@dataclass
class ModuleState:
    key: str
    name: object
    description: object
    enabled: bool
    settings_json: str
    schema_json: str
    requires: tuple[str, ...]


@dataclass
class TenantDetail:
    tenant: Tenant
    row: TenantRow
    usage: Usage
    modules: list[ModuleState]
    runs: list[ProvisioningRun]
    lifecycle: list[TenantAuditEvent]
    audit: list[AuditEntry]
    staff_actions: list[StaffActionLog]
    exports: list[ExportRecord]


def module_states(tenant: Tenant) -> list[ModuleState]:
    enablements = {e.module_key: e for e in db.session.scalars(
        select(ModuleEnablement).where(ModuleEnablement.tenant_id == tenant.id))}
    states = []
    for manifest in current_app.extensions["kiblat_modules"]:
        enablement = enablements.get(manifest.key)
        enabled = enablement is not None and enablement.enabled
        settings = dict(enablement.settings or {}) if enablement is not None else {}
        states.append(ModuleState(manifest.key, manifest.name, manifest.description, enabled,
                                  json.dumps(settings, indent=2, ensure_ascii=False, sort_keys=True),
                                  json.dumps(manifest.settings_schema, indent=2, ensure_ascii=False),
                                  manifest.requires))
    return states


def tenant_audit(slug: str, limit: int = AUDIT_LIMIT) -> list[AuditEntry]:
    info = tenant_registry().by_slug(slug)
    if info is None or not tenant_db.engines.storage_exists(slug):
        return []
    with tenant_context(info):
        session = tenant_db.session
        entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.created_at.desc(),
                                                                     AuditEntry.id.desc()).limit(limit)))
        for entry in entries:
            session.expunge(entry)
        return entries


def tenant_detail(slug: str) -> TenantDetail | None:
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        return None
    row = next(r for r in tenant_rows(Filters(q=slug)) if r.slug == slug)
    runs = list(db.session.scalars(select(ProvisioningRun).where(ProvisioningRun.tenant_slug == slug)
                                   .order_by(ProvisioningRun.created_at.desc()).limit(20)))
    lifecycle = list(db.session.scalars(select(TenantAuditEvent).where(TenantAuditEvent.tenant_slug == slug)
                                        .order_by(TenantAuditEvent.at.desc()).limit(20)))
    staff_actions = list(db.session.scalars(select(StaffActionLog).where(StaffActionLog.tenant_slug == slug)
                                            .order_by(StaffActionLog.created_at.desc(),
                                                      StaffActionLog.id.desc()).limit(AUDIT_LIMIT)))
    return TenantDetail(tenant, row, usage_for([slug], fresh=True)[slug], module_states(tenant), runs, lifecycle,
                        tenant_audit(slug), staff_actions, list_exports(slug))
