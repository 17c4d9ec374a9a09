"""Loading and validating a tenant spec: schema first, then against the platform's state.

Every problem names its field (``branding.primary_color``, ``users[0].email``), and all
of them are reported together, before any provisioning step runs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
from flask import current_app
from sqlalchemy import select

from kiblat.platform.core.extensions import db
from kiblat.platform.modular.registry import ModuleError
from kiblat.platform.regions.models import Province, Regency
from kiblat.platform.uploads import (
    LOGO_KINDS,
    LOGO_MAX_BYTES,
    LOGO_MAX_PIXELS,
    CheckedUpload,
    UploadError,
    check_upload,
    read_upload,
)
from kiblat.provisioning.schema import SPEC_SCHEMA
from kiblat.provisioning.spec_file import FieldError, SpecError
from kiblat.tenants import servers, services
from kiblat.tenants.models import Domain, Tenant, TenantStatus

ADMIN_ROLE = "admin"


def _normalize_input(raw: dict) -> dict:
    spec = json.loads(json.dumps(raw))  # a deep copy that also proves it is plain JSON data
    if isinstance(spec.get("region"), (int, float)):
        spec["region"] = f"{spec['region']:.2f}"
    if isinstance(spec.get("modules"), list):
        spec["modules"] = {str(k): None for k in spec["modules"]}
    for user in spec.get("users") or []:
        if isinstance(user, dict) and isinstance(user.get("email"), str):
            user["email"] = user["email"].strip().lower()
    return spec


def _path_of(error: jsonschema.ValidationError) -> str:
    out = ""
    for part in error.absolute_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _schema_errors(spec: dict) -> list[FieldError]:
    validator = jsonschema.Draft202012Validator(SPEC_SCHEMA)
    errors = []
    for error in sorted(validator.iter_errors(spec), key=lambda e: list(map(str, e.absolute_path))):
        field = _path_of(error) or "(spesifikasi)"
        if error.validator == "additionalProperties":
            unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            for name in unknown:
                errors.append(FieldError(f"{field}.{name}" if _path_of(error) else name, "isian tidak dikenal"))
            continue
        if error.validator == "required":
            name = re.search(r"'([^']+)'", error.message)
            missing = name.group(1) if name else "?"
            errors.append(FieldError(f"{field}.{missing}" if _path_of(error) else missing, "wajib diisi"))
            continue
        errors.append(FieldError(field, _message(error)))
    return errors


def _message(error: jsonschema.ValidationError) -> str:
    field = str(error.absolute_path[-1]) if error.absolute_path else ""
    if error.validator == "pattern":
        if field.endswith("color"):
            return f"warna {error.instance!r} harus berbentuk #RRGGBB"
        if field == "region":
            return f"{error.instance!r} bukan kabupaten/kota: gunakan kode Kemendagri, contoh 12.07"
        if field == "email":
            return f"{error.instance!r} bukan alamat email"
        return f"{error.instance!r} tidak sesuai format"
    if error.validator == "enum":
        return f"{error.instance!r} harus salah satu dari {', '.join(error.validator_value)}"
    if error.validator == "type":
        return f"harus bertipe {error.validator_value}"
    return error.message


def validate_spec(raw: dict, require_admin: bool = True) -> dict:
    """Return the complete, normalized spec (defaults filled) or raise :class:`SpecError`.

    ``require_admin=False`` is for operators creating a bare tenant from CLI flags, and
    for re-checking a run already accepted.
    """
    spec = _normalize_input(raw)
    errors = _schema_errors(spec)
    if errors:
        raise SpecError(errors)
    errors = []
    regency = db.session.get(Regency, spec["region"])
    if regency is None:
        raise SpecError([FieldError("region", f"{spec['region']} bukan kode kabupaten/kota Kemendagri")])
    slug = spec.get("slug") or services.slug_from_regency(regency)
    errors += _check_identity(spec, regency, slug)
    errors += _check_logo(spec)
    errors += _check_domains(spec, slug)
    modules, module_errors = _check_modules(spec)
    errors += module_errors
    errors += _check_users(spec, modules, require_admin)
    errors += _check_template(spec, slug)
    errors += _check_server(spec, slug)
    if errors:
        raise SpecError(errors)
    return _complete(spec, regency, slug, modules)


def _check_identity(spec: dict, regency: Regency, slug: str) -> list[FieldError]:
    errors = []
    if slug in services.RESERVED_SLUGS:
        errors.append(FieldError("slug", f"{slug!r} dicadangkan untuk platform"))
    holder = db.session.scalar(select(Tenant).where(Tenant.region_code == regency.code))
    if holder is not None and holder.slug != slug:
        errors.append(FieldError("region", f"{regency.name} sudah terdaftar sebagai tenant {holder.slug!r}"))
    same_slug = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    if same_slug is not None and same_slug.region_code != regency.code:
        errors.append(FieldError("slug", f"{slug!r} sudah dipakai wilayah {same_slug.region_code}"))
    if same_slug is not None and same_slug.status == TenantStatus.ARCHIVED:
        errors.append(FieldError("slug", f"tenant {slug!r} sudah diarsipkan"))
    return errors


def checked_logo(path: Path) -> CheckedUpload:
    """The logo file as it will be stored: the same check as the onboarding wizard's (content,
    not name; a raster image Pillow decodes within the pixel limit, re-encoded; never SVG,
    which could carry script into every page of the regency)."""
    with path.open("rb") as handle:
        data = read_upload(handle, LOGO_MAX_BYTES)
    return check_upload(data, path.name, kinds=LOGO_KINDS, max_bytes=LOGO_MAX_BYTES, max_pixels=LOGO_MAX_PIXELS,
                        label="Logo")


def _check_logo(spec: dict) -> list[FieldError]:
    logo = (spec.get("branding") or {}).get("logo")
    if not logo:
        return []
    path = Path(logo)
    if not path.is_file():
        return [FieldError("branding.logo", f"berkas {path.name} tidak ditemukan")]
    try:
        checked_logo(path)
    except UploadError as exc:
        return [FieldError("branding.logo", str(exc))]
    return []


def _check_domains(spec: dict, slug: str) -> list[FieldError]:
    errors = []
    base = current_app.config["BASE_DOMAIN"]
    for index, host in enumerate(spec.get("domains") or []):
        owner = db.session.scalar(
            select(Tenant.slug).join(Domain, Domain.tenant_id == Tenant.id).where(Domain.host == host)
        )
        if host == base or host == f"{slug}.{base}":
            errors.append(FieldError(f"domains[{index}]", f"{host} tidak dapat dipakai sebagai domain tambahan"))
        elif owner is not None and owner != slug:
            errors.append(FieldError(f"domains[{index}]", f"{host} sudah dipakai tenant {owner!r}"))
    return errors


def _check_modules(spec: dict) -> tuple[dict[str, dict], list[FieldError]]:
    errors, modules = [], {}
    registry = services.modules()
    for key, settings in (spec.get("modules") or {}).items():
        try:
            registry.get(key)
        except ModuleError:
            errors.append(FieldError(f"modules.{key}", "modul tidak dikenal"))
            continue
        try:
            modules[key] = services.validate_module_settings(key, settings or {})
        except services.TenantError as exc:
            errors.append(FieldError(f"modules.{key}", str(exc)))
    if not errors:
        try:
            order = registry.dependency_order(set(modules))
        except ModuleError as exc:
            return modules, [FieldError("modules", str(exc))]
        missing = [k for k in order if k not in modules]
        for key in missing:
            modules[key] = services.validate_module_settings(key, {})
        modules = {k: modules[k] for k in order}
    return modules, errors


def known_roles(module_keys: list[str] | dict) -> set[str]:
    registry = services.modules()
    return {ADMIN_ROLE} | {role.key for key in module_keys for role in registry.get(key).roles}


def _check_users(spec: dict, modules: dict, require_admin: bool) -> list[FieldError]:
    users = spec.get("users") or []
    errors = []
    roles = known_roles(modules)
    seen = set()
    for index, user in enumerate(users):
        if user["role"] not in roles:
            errors.append(FieldError(f"users[{index}].role", f"peran {user['role']!r} tidak dikenal ({', '.join(sorted(roles))})"))
        if user["email"] in seen:
            errors.append(FieldError(f"users[{index}].email", f"{user['email']} disebut dua kali"))
        seen.add(user["email"])
    if require_admin and not any(u["role"] == ADMIN_ROLE for u in users):
        errors.append(FieldError("users", "minimal satu pengguna berperan admin (administrator kabupaten/kota)"))
    return errors


def _check_server(spec: dict, slug: str) -> list[FieldError]:
    """A named database server exists and can take the tenant; an existing tenant stays where it
    is (it changes server only by ``kiblat tenants move``)."""
    name = spec.get("database_server")
    if not name:
        return []
    current = db.session.scalar(select(Tenant.database_server).where(Tenant.slug == slug))
    if current is not None:
        if current != name:
            return [FieldError("database_server", f"tenant {slug!r} ada di server {current!r}; "
                                                  f"pindahkan dengan kiblat tenants move {slug} --to {name}")]
        return []
    try:
        servers.place_tenant(name)
    except servers.ServerError as exc:
        return [FieldError("database_server", str(exc))]
    return []


def _check_template(spec: dict, slug: str) -> list[FieldError]:
    template = spec.get("template")
    if not template:
        return []
    if template == slug:
        return [FieldError("template", "tenant tidak dapat menjadi templat bagi dirinya sendiri")]
    source = db.session.scalar(select(Tenant).where(Tenant.slug == template))
    if source is None or source.status != TenantStatus.ACTIVE:
        return [FieldError("template", f"tenant {template!r} tidak ada atau belum aktif")]
    return []


def _complete(spec: dict, regency: Regency, slug: str, modules: dict) -> dict:
    bare = re.sub(r"^(Kabupaten|Kota)( Administrasi)? ", "", regency.name)
    names = spec.get("names") or {}
    primary, accent = services.DEFAULT_PALETTE[int(regency.code.replace(".", "")) % len(services.DEFAULT_PALETTE)]
    branding = {"primary_color": primary, "accent_color": accent, "tagline": "", "head_title": "",
                "head_name": ""}
    branding.update(spec.get("branding") or {})
    for key in ("primary_color", "accent_color"):
        branding[key] = branding[key].lower()
    # The complete spec is itself a valid input spec: a resumed run validates it again.
    complete = {
        "region": regency.code,
        "slug": slug,
        "names": {"official": names.get("official") or f"Pemerintah {regency.name}",
                  "short": names.get("short") or bare},
        "time_zone": spec.get("time_zone") or db.session.get(Province, regency.province_code).time_zone,
        "branding": branding,
        "domains": list(spec.get("domains") or []),
        "modules": modules,
        "users": [{"name": u["name"].strip(), "email": u["email"], "role": u["role"]} for u in spec.get("users") or []],
    }
    if spec.get("template"):
        complete["template"] = spec["template"]
    if spec.get("database_server"):
        complete["database_server"] = spec["database_server"]
    return complete
