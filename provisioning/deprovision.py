"""Archiving and deleting a regency. Both leave an audit record that outlives the tenant."""

from __future__ import annotations

import shutil

from sqlalchemy import delete

from kiblat.platform.core.extensions import db
from kiblat.platform.opendata.models import OpenDataEntry
from kiblat.platform.storage.files import storage_for_slug
from kiblat.provisioning.models import TemplateCopy, TenantAuditEvent
from kiblat.tenants import services
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import TenantStatus
from kiblat.tenants.portability.exports import exports_dir
from kiblat.tenants.registry import forget_page_stamp, tenant_registry


def archive_tenant(slug: str) -> None:
    """Read-only and hidden from citizens (its hosts answer 404); data and files are kept."""
    tenant = services.get_tenant(slug)
    if tenant.status == TenantStatus.ARCHIVED:
        return
    previous = str(tenant.status)
    tenant.status = TenantStatus.ARCHIVED
    db.session.add(TenantAuditEvent(tenant_slug=slug, region_code=tenant.region_code, action="archived",
                                    detail={"previous_status": previous}))
    db.session.commit()
    tenant_registry().changed(slug)


def delete_tenant(slug: str, confirm: str) -> None:
    """Drop the schema/file and uploads and forget the tenant; only an archived one."""
    if confirm != slug:
        raise services.TenantError(f"Konfirmasi harus sama dengan slug tenant ({slug})")
    tenant = services.get_tenant(slug)
    if tenant.status != TenantStatus.ARCHIVED:
        raise services.TenantError(f"Tenant {slug!r} harus diarsipkan dahulu: kiblat tenants archive {slug}")
    detail = {"official_name": tenant.official_name, "hosts": sorted(d.host for d in tenant.domains)}
    # Storage first: if this is interrupted, the tenant row remains and delete can be rerun.
    tenant_db.engines.drop_storage(slug)
    storage_for_slug(slug).remove_all()
    # Earlier exports of a deleted regency are personal data too.
    shutil.rmtree(exports_dir(slug), ignore_errors=True)
    db.session.execute(delete(TemplateCopy).where(TemplateCopy.tenant_slug == slug))
    db.session.execute(delete(OpenDataEntry).where(OpenDataEntry.tenant_id == tenant.id))
    forget_page_stamp(db.session, slug)
    db.session.add(TenantAuditEvent(tenant_slug=slug, region_code=tenant.region_code, action="deleted",
                                    detail=detail))
    db.session.delete(tenant)
    db.session.commit()
    tenant_registry().changed(slug)
