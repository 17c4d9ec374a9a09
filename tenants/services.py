"""Low-level tenant operations: register, status, branding, domains, modules.

A tenant is created one way, by provisioning (``kiblat.provisioning``), whose steps call these;
the regency admin, the staff console and the CLI call them for later changes.

Every function validates all of its input before it changes anything, and raises
:class:`TenantError` with a message fit to show a person.
"""

from __future__ import annotations

import re

import jsonschema
from flask import current_app
from sqlalchemy import select

from kiblat.migrations.runner import CORE_BRANCH, upgrade_tenant
from kiblat.platform.core import signals
from kiblat.platform.core.extensions import db
from kiblat.platform.modular.registry import ModuleError, ModuleRegistry
from kiblat.platform.regions.models import Regency
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import (
    DEFAULT_SERVER,
    SLUG_PATTERN,
    Branding,
    Domain,
    ModuleEnablement,
    Tenant,
    TenantKind,
    TenantStatus,
)
from kiblat.tenants.registry import tenant_registry
from kiblat.tenants.routing import normalize_host

SLUG_RE = re.compile(SLUG_PATTERN)
COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
# Hosts the platform itself needs under the base domain.
RESERVED_SLUGS = {"www", "api", "admin", "staff", "static", "mail", "smtp", "kiblat", "status", "docs", "app"}
DEFAULT_PALETTE = (
    ("#0b6e4f", "#f2a900"), ("#1d4e89", "#f29e4c"), ("#7b2d26", "#e9c46a"),
    ("#264653", "#2a9d8f"), ("#5a189a", "#ffb703"), ("#00509d", "#fdc500"),
)


class TenantError(ValueError):
    """Input that cannot be accepted; the message says why, in Bahasa Indonesia."""


def modules() -> ModuleRegistry:
    return current_app.extensions["kiblat_modules"]


def slug_from_regency(regency: Regency) -> str:
    """``Kabupaten Deli Serdang`` → ``deliserdang``; a kota named like a kabupaten gets ``kota``."""
    bare = re.sub(r"^(Kabupaten|Kota)( Administrasi)? ", "", regency.name)
    slug = re.sub(r"[^a-z0-9]", "", bare.lower())
    if regency.kind == "kota":
        twin = db.session.scalar(
            select(Regency.code).where(Regency.kind == "kabupaten", Regency.name.like(f"Kabupaten %{bare}"))
        )
        if twin:
            slug = "kota" + slug
    return slug[:31]


def validate_slug(slug: str) -> str:
    if not SLUG_RE.match(slug):
        raise TenantError(
            f"Slug {slug!r} tidak valid: gunakan 2–31 huruf kecil, angka atau tanda hubung, diawali huruf"
        )
    if slug in RESERVED_SLUGS:
        raise TenantError(f"Slug {slug!r} dicadangkan untuk platform; pilih yang lain")
    return slug


def validate_color(value: str, field: str) -> str:
    if not COLOR_RE.match(value):
        raise TenantError(f"{field}: warna {value!r} harus berbentuk #RRGGBB")
    return value.lower()


def get_regency(region_code: str) -> Regency:
    regency = db.session.get(Regency, region_code.strip())
    if regency is None:
        raise TenantError(f"Kode wilayah {region_code!r} bukan kabupaten/kota dalam daftar Kemendagri")
    return regency


def register_tenant(slug: str, region_code: str, official_name: str, short_name: str, time_zone: str,
                    database_server: str = DEFAULT_SERVER) -> None:
    """The control-plane row of a new tenant, ``provisioning``, with its primary host and the
    database server it is placed on; nothing in its storage yet. Provisioning's ``register`` step
    calls this after validating the spec and choosing the server."""
    regency = get_regency(region_code)
    slug = validate_slug(slug)
    tenant = Tenant(
        slug=slug, official_name=official_name, short_name=short_name, region_code=regency.code,
        kind=TenantKind(regency.kind), province_code=regency.province_code, time_zone=time_zone,
        status=TenantStatus.PROVISIONING, database_server=database_server,
    )
    tenant.domains.append(Domain(host=f"{slug}.{current_app.config['BASE_DOMAIN']}", is_primary=True))
    db.session.add(tenant)
    tenant_registry().commit_change(slug)


def update_names(slug: str, official_name: str, short_name: str, time_zone: str) -> None:
    """Change the names and time zone of a tenant; the names are branding, so they are audited."""
    tenant = get_tenant(slug)
    renamed = {k: v for k, v in (("official_name", official_name), ("short_name", short_name))
               if getattr(tenant, k) != v}
    tenant.official_name, tenant.short_name, tenant.time_zone = official_name, short_name, time_zone
    tenant_registry().commit_change(slug)
    if renamed:
        signals.branding_changed.send(slug, changes=renamed)


def get_tenant(slug: str) -> Tenant:
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        raise TenantError(f"Tenant {slug!r} tidak ditemukan")
    return tenant


def set_status(slug: str, status: TenantStatus) -> None:
    tenant = get_tenant(slug)
    tenant.status = status
    tenant_registry().commit_change(slug)


def suspend_tenant(slug: str) -> None:
    if get_tenant(slug).status != TenantStatus.ACTIVE:
        raise TenantError(f"Tenant {slug!r} tidak aktif, tidak dapat dihentikan sementara")
    set_status(slug, TenantStatus.SUSPENDED)


def resume_tenant(slug: str) -> None:
    if get_tenant(slug).status != TenantStatus.SUSPENDED:
        raise TenantError(f"Tenant {slug!r} tidak sedang dihentikan sementara")
    set_status(slug, TenantStatus.ACTIVE)


def update_branding(slug: str, **changes: str | None) -> None:
    tenant = get_tenant(slug)
    branding = tenant.branding or Branding(tenant_id=tenant.id)
    allowed = {"primary_color", "accent_color", "tagline", "head_title", "head_name", "logo_key"}
    unknown = set(changes) - allowed
    if unknown:
        raise TenantError(f"Isian branding tidak dikenal: {', '.join(sorted(unknown))}")
    for field in ("primary_color", "accent_color"):
        if changes.get(field) is not None:
            changes[field] = validate_color(changes[field], field)
    for field, value in changes.items():
        if value is not None:
            setattr(branding, field, value)
    tenant.branding = branding
    tenant_registry().commit_change(slug)
    signals.branding_changed.send(slug, changes={k: v for k, v in changes.items() if v is not None})


def add_domain(slug: str, host: str) -> None:
    tenant = get_tenant(slug)
    normalized = normalize_host(host)
    if normalized is None or "." not in normalized:
        raise TenantError(f"Domain {host!r} tidak valid")
    if normalized == current_app.config["BASE_DOMAIN"]:
        raise TenantError("Domain utama platform tidak dapat dipakai tenant")
    if db.session.scalar(select(Domain.id).where(Domain.host == normalized)):
        raise TenantError(f"Domain {normalized} sudah dipakai")
    db.session.add(Domain(tenant_id=tenant.id, host=normalized, is_primary=False))
    tenant_registry().commit_change(slug)
    signals.domain_added.send(slug, host=normalized)


def remove_domain(slug: str, host: str) -> None:
    """Take a custom domain away from the tenant (its primary host stays)."""
    tenant = get_tenant(slug)
    domain = next((d for d in tenant.domains if d.host == host and not d.is_primary), None)
    if domain is None:
        raise TenantError(f"Domain {host} bukan domain tambahan tenant {slug}")
    tenant.domains.remove(domain)
    tenant_registry().commit_change(slug)
    signals.domain_removed.send(slug, host=host)


# Modules ------------------------------------------------------------------------
_settings_validators: dict[str, jsonschema.protocols.Validator] = {}


def _settings_validator(key: str, schema: dict) -> jsonschema.protocols.Validator:
    """One checked validator per module and process (``jsonschema.validate`` checks the schema
    against its meta-schema on every call: most of the time enabling a module spent validating)."""
    validator = _settings_validators.get(key)
    if validator is None or validator.schema is not schema:
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        validator = _settings_validators[key] = cls(schema)
    return validator


def validate_module_settings(key: str, settings: dict | None) -> dict:
    manifest = modules().get(key)
    schema = manifest.settings_schema
    merged = {
        name: prop["default"] for name, prop in schema.get("properties", {}).items() if "default" in prop
    }
    merged.update(settings or {})
    try:
        error = jsonschema.exceptions.best_match(_settings_validator(key, schema).iter_errors(merged))
        if error is not None:
            raise error
    except jsonschema.ValidationError as exc:
        where = ".".join(str(p) for p in exc.absolute_path) or "(pengaturan)"
        raise TenantError(f"Pengaturan modul {key} tidak valid pada {where}: {exc.message}") from None
    return merged


def enabled_modules(tenant_id: int) -> set[str]:
    return set(
        db.session.scalars(
            select(ModuleEnablement.module_key).where(
                ModuleEnablement.tenant_id == tenant_id, ModuleEnablement.enabled.is_(True)
            )
        )
    )


def enable_module(slug: str, key: str, settings: dict | None = None) -> None:
    """Migrate the module's tables into the tenant, seed its reference data, switch it on."""
    tenant = get_tenant(slug)
    try:
        manifest = modules().get(key)
    except ModuleError as exc:
        raise TenantError(str(exc)) from None
    missing = [r for r in manifest.requires if r not in enabled_modules(tenant.id)]
    if missing:
        raise TenantError(f"Modul {key} membutuhkan modul {', '.join(missing)}; aktifkan terlebih dahulu")
    merged = validate_module_settings(key, settings)

    upgrade_tenant(slug, [CORE_BRANCH, key])
    seed = manifest.hook("seed")
    if seed is not None:
        info = tenant_registry().fresh(slug)
        with tenant_context(info):
            seed()
            tenant_db.session.commit()
    enablement = db.session.scalar(
        select(ModuleEnablement).where(ModuleEnablement.tenant_id == tenant.id, ModuleEnablement.module_key == key)
    )
    if enablement is None:
        enablement = ModuleEnablement(tenant_id=tenant.id, module_key=key)
        db.session.add(enablement)
    enablement.enabled = True
    enablement.settings = merged
    enablement.installed_version = manifest.version
    tenant_registry().commit_change(slug)
    signals.module_enabled.send(slug, key=key, settings=merged)


def disable_module(slug: str, key: str) -> None:
    """Hide the module's routes and navigation; its data stays in the tenant."""
    tenant = get_tenant(slug)
    modules().get(key)
    enabled = enabled_modules(tenant.id)
    if key not in enabled:
        raise TenantError(f"Modul {key} tidak aktif pada tenant {slug}")
    dependents = [d for d in modules().dependents(key) if d in enabled]
    if dependents:
        raise TenantError(f"Modul {key} dipakai oleh {', '.join(dependents)}; nonaktifkan modul itu terlebih dahulu")
    enablement = db.session.scalar(
        select(ModuleEnablement).where(ModuleEnablement.tenant_id == tenant.id, ModuleEnablement.module_key == key)
    )
    enablement.enabled = False
    tenant_registry().commit_change(slug)
    signals.module_disabled.send(slug, key=key)


def rename_module(slug: str, key: str, display_name: str | None) -> None:
    """Give an enabled module the regency's own name (empty: back to the module's name); every
    worker sees it on its next request (the registry is told the tenant changed)."""
    tenant = get_tenant(slug)
    name = " ".join((display_name or "").split())
    if len(name) > 80:
        raise TenantError("Nama tampilan paling banyak 80 karakter")
    enablement = db.session.scalar(
        select(ModuleEnablement).where(ModuleEnablement.tenant_id == tenant.id, ModuleEnablement.module_key == key)
    )
    if enablement is None or not enablement.enabled:
        raise TenantError(f"Modul {key} tidak aktif pada tenant {slug}")
    enablement.display_name = name or None
    tenant_registry().commit_change(slug)


def update_module_settings(slug: str, key: str, settings: dict) -> None:
    tenant = get_tenant(slug)
    merged = validate_module_settings(key, settings)
    enablement = db.session.scalar(
        select(ModuleEnablement).where(ModuleEnablement.tenant_id == tenant.id, ModuleEnablement.module_key == key)
    )
    if enablement is None or not enablement.enabled:
        raise TenantError(f"Modul {key} tidak aktif pada tenant {slug}")
    enablement.settings = merged
    tenant_registry().commit_change(slug)
    signals.module_settings_changed.send(slug, key=key, settings=merged)
