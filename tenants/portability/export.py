"""Export one tenant into a portable archive (see ``archive.py`` for the layout)."""

from __future__ import annotations

import sqlite3
import tempfile
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from kiblat.migrations.runner import recorded_revisions
from kiblat.platform.core.extensions import db
from kiblat.platform.identity.crypto import keyed_hash
from kiblat.platform.storage.files import storage_for_slug
from kiblat.tenants import services
from kiblat.tenants.database import create_sqlite_engine, tenant_db
from kiblat.tenants.models import ModuleEnablement, Tenant
from kiblat.tenants.portability.archive import (
    FORMAT,
    FORMAT_VERSION,
    PortabilityError,
    write_archive,
)
from kiblat.tenants.portability.copying import (
    copy_rows,
    migrate_to,
    typed_tables,
    unknown_revisions,
)

BRANDING_FIELDS = ("primary_color", "accent_color", "tagline", "head_title", "head_name", "logo_key")


def data_key_fingerprint() -> str:
    """Names the key that protects NIK and 2FA secrets without revealing it."""
    return keyed_hash("kiblat-tenant-export", "export-fingerprint")[:16]


def tenant_manifest(tenant: Tenant) -> dict:
    """Everything about the tenant the control plane holds, except the data and the files."""
    branding = tenant.branding
    modules = db.session.scalars(
        select(ModuleEnablement).where(ModuleEnablement.tenant_id == tenant.id).order_by(ModuleEnablement.module_key)
    )
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(),
        "source_backend": tenant_db.engines.backend,
        "data_key_fingerprint": data_key_fingerprint(),
        "tenant": {
            "slug": tenant.slug,
            "region_code": tenant.region_code,
            "kind": str(tenant.kind),
            "province_code": tenant.province_code,
            "official_name": tenant.official_name,
            "short_name": tenant.short_name,
            "time_zone": tenant.time_zone,
            "status": str(tenant.status),
            "domains": sorted(d.host for d in tenant.domains if not d.is_primary),
        },
        "branding": {f: getattr(branding, f) for f in BRANDING_FIELDS} if branding is not None else {},
        "modules": [
            {"key": m.module_key, "enabled": m.enabled, "settings": m.settings or {},
             "version": m.installed_version}
            for m in modules
        ],
        "revisions": recorded_revisions(tenant.id),
    }


@contextmanager
def _snapshot(slug: str):  # noqa: ANN202
    """One read transaction over the tenant, so every table is read at the same moment."""
    engines = tenant_db.engines
    with engines.engine_for(slug).connect() as conn:
        if engines.is_postgresql:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


def build_data_file(slug: str, revisions: dict[str, str], path: Path) -> dict[str, int]:
    """The tenant's rows in a new SQLite file migrated to ``revisions``; rows per table."""
    engine = create_sqlite_engine(path)
    try:
        with engine.begin() as conn:
            migrate_to(conn, revisions)
        with engine.begin() as target, _snapshot(slug) as source:
            tables = typed_tables(target)
            counts = copy_rows(source, target, tables)
    finally:
        engine.dispose()
    # One self-contained file: no -wal beside it.
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
    return counts


def export_tenant(slug: str, out: str | Path) -> dict:
    """Write the tenant's archive to ``out``; returns its manifest. Raises PortabilityError."""
    out = Path(out)
    try:
        tenant = services.get_tenant(slug)
    except services.TenantError as exc:
        raise PortabilityError(str(exc)) from None
    manifest = tenant_manifest(tenant)
    if not manifest["revisions"]:
        raise PortabilityError(f"Tenant {slug!r} belum memiliki skema (masih diprovisikan?)")
    problems = unknown_revisions(manifest["revisions"])
    if problems:
        raise PortabilityError(f"Tenant {slug!r} tidak dapat diekspor: " + "; ".join(problems))
    db.session.rollback()  # nothing of the control plane is held open during the copy
    with tempfile.TemporaryDirectory(prefix="kiblat-export-") as scratch:
        data_file = Path(scratch) / "data.sqlite3"
        manifest["tables"] = build_data_file(slug, manifest["revisions"], data_file)
        return write_archive(out, manifest, data_file, storage_for_slug(slug).root)

