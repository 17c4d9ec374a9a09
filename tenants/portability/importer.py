"""Import a tenant archive on either backend: validate all of it, then restore it whole.

A region code belongs to one tenant, so an archive of a regency that is already on this
platform is refused; to restore over it, archive and delete that tenant first (after
``--check`` has confirmed the archive is sound). ``--slug`` only changes the subdomain,
for when the archive's slug is taken by another regency here.

The new tenant is ``provisioning`` while its data is copied and becomes ``active`` only at
the end; any failure removes the schema/file, the uploads and the control-plane rows.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import NullPool

from kiblat.migrations.runner import upgrade_tenant
from kiblat.platform.core.extensions import db
from kiblat.platform.regions.data import TIME_ZONES
from kiblat.platform.regions.models import Regency
from kiblat.platform.storage.files import storage_for_slug
from kiblat.tenants import services
from kiblat.tenants.context import TenantInfo, schema_name_for
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import (
    Branding,
    Domain,
    ModuleEnablement,
    Tenant,
    TenantKind,
    TenantRevision,
    TenantStatus,
)
from kiblat.tenants.portability.archive import (
    DATA_NAME,
    OpenArchive,
    PortabilityError,
    open_archive,
)
from kiblat.tenants.portability.copying import (
    VERSION_TABLE,
    advance_sequences,
    branch_order,
    copy_rows,
    count_rows,
    migrate_to,
    typed_tables,
    unknown_revisions,
)
from kiblat.tenants.portability.export import BRANDING_FIELDS, data_key_fingerprint
from kiblat.tenants.registry import tenant_registry


@dataclass
class ImportPlan:
    """A fully validated archive and where it will go."""

    archive: OpenArchive
    slug: str
    regency: Regency
    data_file: Path

    @property
    def manifest(self) -> dict:
        return self.archive.manifest


def _tenant_error(exc: services.TenantError) -> PortabilityError:
    return PortabilityError(str(exc))


def check_archive(path: str | Path, scratch: Path, slug: str | None = None) -> ImportPlan:
    """Validate the archive and the target platform; changes nothing. Raises PortabilityError."""
    archive = open_archive(path)
    try:
        manifest = archive.manifest
        target_slug, regency = _check_target(manifest, slug)
        _check_modules(manifest)
        _check_settings(manifest)
        data_file = scratch / DATA_NAME
        with archive.zip.open(DATA_NAME) as source, data_file.open("wb") as out:
            shutil.copyfileobj(source, out)
        _check_data_file(data_file, manifest)
    except BaseException:
        archive.close()
        raise
    return ImportPlan(archive, target_slug, regency, data_file)


def _check_target(manifest: dict, slug: str | None) -> tuple[str, Regency]:
    info = manifest["tenant"]
    try:
        target = services.validate_slug(slug or info["slug"])
        regency = services.get_regency(info["region_code"])
    except services.TenantError as exc:
        raise _tenant_error(exc) from None
    holder = db.session.scalar(select(Tenant).where(Tenant.region_code == regency.code))
    if holder is not None:
        raise PortabilityError(
            f"{regency.name} sudah terdaftar sebagai tenant {holder.slug!r} (status {holder.status}). "
            f"Kode wilayah hanya boleh dipakai satu tenant: arsipkan lalu hapus tenant itu dahulu "
            f"(kiblat tenants archive {holder.slug}; kiblat tenants delete {holder.slug} --confirm "
            f"{holder.slug}), kemudian impor lagi. --slug hanya mengganti nama subdomain."
        )
    if db.session.scalar(select(Tenant.id).where(Tenant.slug == target)):
        raise PortabilityError(f"Slug {target!r} sudah dipakai tenant lain; pilih slug lain dengan --slug")
    hosts = [f"{target}.{current_app.config['BASE_DOMAIN']}", *info.get("domains", [])]
    for host in hosts:
        if db.session.scalar(select(Domain.id).where(Domain.host == host)):
            raise PortabilityError(f"Domain {host} sudah dipakai tenant lain")
    if tenant_db.engines.storage_exists(target) or any(storage_for_slug(target).root.glob("*")):
        raise PortabilityError(
            f"Masih ada sisa basis data atau berkas untuk slug {target!r}; bersihkan dahulu atau pakai --slug"
        )
    if info["time_zone"] not in TIME_ZONES:
        raise PortabilityError(f"Zona waktu {info['time_zone']!r} dalam arsip tidak dikenal")
    if manifest.get("data_key_fingerprint") != data_key_fingerprint():
        raise PortabilityError(
            "Kunci data platform ini berbeda dari platform asal arsip: NIK dan rahasia 2FA tidak akan "
            "terbaca. Setel KIBLAT_DATA_KEY (atau KIBLAT_SECRET_KEY bila KIBLAT_DATA_KEY tidak dipakai) "
            "sama dengan platform asal, lalu impor lagi."
        )
    return target, regency


def _check_modules(manifest: dict) -> None:
    registry = services.modules()
    unknown = sorted(m["key"] for m in manifest["modules"] if m["key"] not in registry)
    unknown += sorted(b for b in manifest["revisions"] if b != "core" and b not in registry and b not in unknown)
    if unknown:
        raise PortabilityError(
            f"Arsip memuat modul yang tidak dikenal platform ini: {', '.join(unknown)}. "
            f"Pasang modul itu dahulu, lalu impor lagi."
        )
    if "core" not in manifest["revisions"]:
        raise PortabilityError("Manifest tidak mencantumkan revisi migrasi inti (core)")
    without = sorted(m["key"] for m in manifest["modules"] if m["key"] not in manifest["revisions"])
    if without:
        raise PortabilityError(f"Manifest tidak mencantumkan revisi migrasi modul {', '.join(without)}")
    problems = unknown_revisions(manifest["revisions"])
    if problems:
        raise PortabilityError(
            "Arsip dibuat oleh versi Kiblat yang lebih baru atau berbeda: " + "; ".join(problems)
            + ". Perbarui Kiblat di platform ini dahulu, lalu impor lagi."
        )


def _check_settings(manifest: dict) -> None:
    try:
        for module in manifest["modules"]:
            if module.get("enabled", True):
                services.validate_module_settings(module["key"], module.get("settings") or {})
        branding = manifest["branding"]
        unknown = set(branding) - set(BRANDING_FIELDS)
        if unknown:
            raise PortabilityError(f"Isian branding tidak dikenal: {', '.join(sorted(unknown))}")
        for field in ("primary_color", "accent_color"):
            if branding.get(field) is not None:
                services.validate_color(branding[field], field)
    except services.TenantError as exc:
        raise _tenant_error(exc) from None


def read_only_engine(path: Path) -> Engine:
    return create_engine(f"sqlite:///file:{path}?mode=ro&uri=true", poolclass=NullPool)


def _check_data_file(path: Path, manifest: dict) -> None:
    engine = read_only_engine(path)
    try:
        with engine.connect() as conn:
            versions = {r[0] for r in conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))}
            tables = typed_tables(conn)
            counts = count_rows(conn, tables)
    except Exception as exc:  # any SQLite failure here means the data file is unusable
        raise PortabilityError(f"{DATA_NAME} dalam arsip tidak dapat dibaca: {exc}") from None
    finally:
        engine.dispose()
    if not versions <= set(manifest["revisions"].values()):
        raise PortabilityError(f"Revisi di {DATA_NAME} tidak sesuai manifest")
    if counts != manifest["tables"]:
        raise PortabilityError(f"Jumlah baris di {DATA_NAME} tidak sesuai manifest")


def import_tenant(path: str | Path, slug: str | None = None) -> TenantInfo:
    """Validate, then create the tenant from the archive; all or nothing."""
    with tempfile.TemporaryDirectory(prefix="kiblat-import-") as scratch:
        plan = check_archive(path, Path(scratch), slug)
        try:
            _register(plan)
            try:
                _restore(plan)
            except BaseException as exc:
                db.session.rollback()
                discard(plan.slug)
                if isinstance(exc, Exception) and not isinstance(exc, PortabilityError):
                    raise PortabilityError(
                        f"Impor dibatalkan dan semua yang sempat dibuat telah dihapus: {type(exc).__name__}: "
                        f"{str(exc).splitlines()[0] if str(exc) else ''}"
                    ) from exc
                raise
        finally:
            plan.archive.close()
    return tenant_registry().by_slug(plan.slug)


def _register(plan: ImportPlan) -> None:
    info, regency = plan.manifest["tenant"], plan.regency
    tenant = Tenant(
        slug=plan.slug, official_name=info["official_name"], short_name=info["short_name"],
        region_code=regency.code, kind=TenantKind(regency.kind), province_code=regency.province_code,
        time_zone=info["time_zone"], status=TenantStatus.PROVISIONING,
    )
    tenant.domains.append(Domain(host=f"{plan.slug}.{current_app.config['BASE_DOMAIN']}", is_primary=True))
    for host in info.get("domains", []):
        tenant.domains.append(Domain(host=host, is_primary=False))
    tenant.branding = Branding(**plan.manifest["branding"])
    db.session.add(tenant)
    try:
        db.session.commit()
    except IntegrityError:  # another import or provisioning took the slug/region a moment ago
        db.session.rollback()
        raise PortabilityError(
            f"Slug {plan.slug!r}, wilayah {regency.code} atau domainnya baru saja dipakai tenant lain"
        ) from None
    tenant_registry().changed()


def _restore(plan: ImportPlan) -> None:
    manifest, slug = plan.manifest, plan.slug
    engines = tenant_db.engines
    revisions = manifest["revisions"]
    engines.create_storage(slug)
    schema = schema_name_for(slug) if engines.is_postgresql else None
    source_engine = read_only_engine(plan.data_file)
    try:
        with engines.engine_for(slug).begin() as target, source_engine.connect() as source:
            migrate_to(target, revisions, schema)
            tables = typed_tables(source)
            counts = copy_rows(source, target, tables)
            if counts != manifest["tables"]:
                raise PortabilityError("Jumlah baris yang tersalin tidak sesuai manifest")
            if schema is not None:
                advance_sequences(target, schema, tables)
    finally:
        source_engine.dispose()
    tenant = services.get_tenant(slug)
    for branch, revision in revisions.items():
        db.session.add(TenantRevision(tenant_id=tenant.id, branch=branch, revision=revision))
    for module in manifest["modules"]:
        db.session.add(ModuleEnablement(
            tenant_id=tenant.id, module_key=module["key"], enabled=bool(module.get("enabled", True)),
            settings=module.get("settings") or {}, installed_version=module.get("version"),
        ))
    db.session.commit()
    # Archives from an older release are brought to this code's heads like any tenant.
    upgrade_tenant(slug, branch_order(revisions))
    _restore_uploads(plan)
    services.set_status(slug, TenantStatus.ACTIVE)


def _restore_uploads(plan: ImportPlan) -> None:
    root = storage_for_slug(plan.slug).root
    absolute_root = root.absolute()
    for member, key in plan.archive.upload_members():
        target = (root / key).absolute()
        if absolute_root not in target.parents:
            raise PortabilityError(f"Kunci berkas {key!r} keluar dari folder tenant")
        target.parent.mkdir(parents=True, exist_ok=True)
        with plan.archive.zip.open(member) as source, target.open("wb") as out:
            shutil.copyfileobj(source, out)


def discard(slug: str) -> None:
    """Remove everything a failed import created for ``slug``."""
    tenant_db.engines.drop_storage(slug)
    storage_for_slug(slug).remove_all()
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is not None:
        db.session.delete(tenant)
        db.session.commit()
    tenant_registry().changed()
