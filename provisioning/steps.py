"""The named, idempotent steps of a provisioning run.

Each step looks at what already exists and only changes the difference, returning a
description of each change (empty when there was nothing to do). With ``dry_run`` it
describes the changes without making them. So a step interrupted anywhere, even by
SIGKILL, is simply run again, and re-applying the spec of an active tenant changes
only what the spec changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from kiblat.migrations.runner import CORE_BRANCH, recorded_revisions, tenant_heads, upgrade_tenant
from kiblat.platform.core.extensions import db
from kiblat.platform.core.files import write_atomically
from kiblat.platform.identity import services as identity
from kiblat.platform.identity.account_mail import invitation_email
from kiblat.platform.mail.models import OutboxMessage
from kiblat.platform.mail.sender import queue_message
from kiblat.platform.storage.files import storage_for_slug
from kiblat.provisioning import spares
from kiblat.provisioning.faults import pause_point
from kiblat.provisioning.invitations import deliver_invitation
from kiblat.provisioning.models import TemplateCopy
from kiblat.provisioning.spec import checked_logo, validate_spec
from kiblat.provisioning.templates import copy_configuration
from kiblat.tenants import servers, services
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import load_local_regions
from kiblat.tenants.models import ModuleEnablement, Tenant, TenantStatus
from kiblat.tenants.registry import tenant_registry


@dataclass
class StepContext:
    spec: dict
    dry_run: bool = False

    @property
    def slug(self) -> str:
        return self.spec["slug"]

    def tenant(self) -> Tenant | None:
        return db.session.scalar(select(Tenant).where(Tenant.slug == self.slug))


def validate(ctx: StepContext) -> list[str]:
    # Checked again inside the run: a resumed run may start long after the first check.
    # (The admin rule was enforced when the run was accepted.)
    validate_spec(ctx.spec, require_admin=False)
    return []


def register(ctx: StepContext) -> list[str]:
    spec, tenant = ctx.spec, ctx.tenant()
    names = (spec["names"]["official"], spec["names"]["short"], spec["time_zone"])
    if tenant is None:
        server = servers.place_tenant(spec.get("database_server"))
        if not ctx.dry_run:
            services.register_tenant(ctx.slug, spec["region"], *names, database_server=server)
        return [f"daftarkan tenant {ctx.slug} (status provisioning) di server basis data {server}"]
    wanted = dict(zip(("official_name", "short_name", "time_zone"), names, strict=True))
    changes = [f"{k}: {getattr(tenant, k)!r} → {v!r}" for k, v in wanted.items() if getattr(tenant, k) != v]
    if changes and not ctx.dry_run:
        services.update_names(ctx.slug, *names)
    return changes


def create_storage(ctx: StepContext) -> list[str]:
    engines = tenant_db.engines
    # The server the register step placed the tenant on, read once for both calls.
    server = servers.server_for(ctx.slug) if engines.is_postgresql else None
    if engines.storage_exists(ctx.slug, server):
        return []
    if ctx.dry_run:
        return ["buat skema/berkas basis data tenant"]
    if server is not None and spares.take(ctx.slug, server, spares.branches_for(ctx.spec["modules"])):
        return ["pakai skema cadangan yang sudah dimigrasikan sebagai skema basis data tenant"]
    engines.create_storage(ctx.slug, server)
    return ["buat skema/berkas basis data tenant"]


def migrate(ctx: StepContext) -> list[str]:
    """Core and every wanted module's branch to its head, in one migration transaction: on
    PostgreSQL the tables of all of them go to the server as one script (the ``modules`` step
    then finds nothing pending and only seeds and switches the modules on)."""
    tenant = ctx.tenant()
    heads = tenant_heads()
    recorded = {} if tenant is None else recorded_revisions(tenant.id)
    pending = [b for b in spares.branches_for(ctx.spec["modules"]) if recorded.get(b) != heads[b]]
    if not pending:
        return []
    if not ctx.dry_run:
        upgrade_tenant(ctx.slug, pending)
    return [f"migrasi {'inti' if branch == CORE_BRANCH else f'modul {branch}'} ke {heads[branch]}"
            for branch in pending]


def load_regions(ctx: StepContext) -> list[str]:
    if ctx.dry_run:
        return ["muat kecamatan dan desa/kelurahan"] if ctx.tenant() is None else []
    with tenant_context(tenant_registry().fresh(ctx.slug)):
        session = tenant_db.session
        kecamatan, desa, before = load_local_regions(session, ctx.spec["region"])
        session.commit()
    return [] if before == desa else [f"muat {kecamatan} kecamatan dan {desa} desa/kelurahan"]


def _logo_key(path: str) -> tuple[str, bytes]:
    """Where the logo is stored and what: the re-encoded image the spec check accepted (the
    extension is the one of its content, never the file's own name)."""
    checked = checked_logo(Path(path))
    return f"branding/logo-{hashlib.sha256(checked.data).hexdigest()[:16]}{checked.extension}", checked.data


def branding(ctx: StepContext) -> list[str]:
    wanted = dict(ctx.spec["branding"])
    logo = wanted.pop("logo", None)
    data = None
    if logo:
        wanted["logo_key"], data = _logo_key(logo)
    tenant = ctx.tenant()
    current = tenant.branding if tenant is not None else None
    changes = [f"{k}: {v!r}" for k, v in wanted.items() if getattr(current, k, None) != v]
    if data is not None and not ctx.dry_run:
        # Content-addressed and written atomically, so a rerun rewrites the same file.
        target = storage_for_slug(ctx.slug).root / wanted["logo_key"]
        if not target.exists():
            write_atomically(target, data)
    if changes and not ctx.dry_run:
        services.update_branding(ctx.slug, **{k: v for k, v in wanted.items() if getattr(current, k, None) != v})
    return changes


def modules(ctx: StepContext) -> list[str]:
    tenant = ctx.tenant()
    wanted: dict[str, dict] = ctx.spec["modules"]
    rows = {} if tenant is None else {
        m.module_key: m for m in db.session.scalars(select(ModuleEnablement).where(ModuleEnablement.tenant_id == tenant.id))
    }
    recorded = {} if tenant is None else recorded_revisions(tenant.id)
    heads = tenant_heads()
    changes = []
    for key, settings in wanted.items():
        row = rows.get(key)
        if row is None or not row.enabled or row.settings != settings or recorded.get(key) != heads.get(key):
            changes.append(f"aktifkan modul {key}")
            if not ctx.dry_run:
                services.enable_module(ctx.slug, key, settings)
                pause_point(f"modules:{key}")
    for key in reversed(services.modules().dependency_order({k for k, r in rows.items() if r.enabled})):
        if key not in wanted:
            changes.append(f"nonaktifkan modul {key} (datanya tetap disimpan)")
            if not ctx.dry_run:
                services.disable_module(ctx.slug, key)
    return changes


def template(ctx: StepContext) -> list[str]:
    source = ctx.spec.get("template")
    if not source:
        return []
    registry = services.modules()
    source_modules = tenant_registry().fresh(source).modules
    changes = []
    for key in ctx.spec["modules"]:
        manifest = registry.get(key)
        if not manifest.configuration_tables or key not in source_modules:
            continue
        copied = db.session.scalar(
            select(TemplateCopy).where(TemplateCopy.tenant_slug == ctx.slug, TemplateCopy.module_key == key)
        )
        if copied is not None:
            continue
        changes.append(f"salin konfigurasi {key} dari {source}")
        if ctx.dry_run:
            continue
        rows = copy_configuration(source, ctx.slug, manifest.configuration_tables)
        pause_point(f"template:{key}")
        db.session.add(TemplateCopy(tenant_slug=ctx.slug, module_key=key, source_slug=source, rows=rows))
        db.session.commit()
    return changes


def users(ctx: StepContext) -> list[str]:
    if ctx.dry_run:
        return _planned_users(ctx)
    changes = []
    info = tenant_registry().fresh(ctx.slug)
    for wanted in ctx.spec["users"]:
        key = f"invite:{ctx.slug}:{wanted['email']}"
        with tenant_context(info):
            user, changed = identity.ensure_user(wanted["email"], wanted["name"], wanted["role"])
            invited = db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key))
            token = None
            if invited is None and user.password_hash is None:
                token = identity.issue_invitation(user)
            tenant_db.session.commit()
        if changed:
            changes.append(f"pengguna {wanted['email']} ({wanted['role']})")
        if token is not None:
            # A crash here leaves a token nobody received; the rerun issues a fresh one.
            pause_point("users:invitation")
            subject, body = invitation_email(info, wanted["name"], token)
            queue_message(wanted["email"], subject, body, key=key, tenant_slug=ctx.slug)
            changes.append(f"undangan untuk {wanted['email']}")
        deliver_invitation(key)
    return changes


def _planned_users(ctx: StepContext) -> list[str]:
    if ctx.tenant() is None:
        return [f"undang {u['email']} ({u['role']})" for u in ctx.spec["users"]]
    with tenant_context(tenant_registry().fresh(ctx.slug)):
        present = {u.email: (u.name, u.role_key) for u in tenant_db.session.scalars(select(identity.User))}
    return [f"pengguna {u['email']} ({u['role']})" for u in ctx.spec["users"]
            if present.get(u["email"]) != (u["name"], u["role"])]


def domains(ctx: StepContext) -> list[str]:
    tenant = ctx.tenant()
    present = set() if tenant is None else {d.host for d in tenant.domains if not d.is_primary}
    wanted = set(ctx.spec["domains"])
    changes = [f"tambah domain {h}" for h in sorted(wanted - present)]
    changes += [f"lepas domain {h}" for h in sorted(present - wanted)]
    if ctx.dry_run or not changes:
        return changes
    for host in sorted(wanted - present):
        services.add_domain(ctx.slug, host)
    for host in sorted(present - wanted):
        services.remove_domain(ctx.slug, host)
    return changes


def activate(ctx: StepContext) -> list[str]:
    tenant = ctx.tenant()
    if tenant is not None and tenant.status != TenantStatus.PROVISIONING:
        return []
    if not ctx.dry_run:
        services.set_status(ctx.slug, TenantStatus.ACTIVE)
    return ["aktifkan tenant"]


STEPS: tuple[tuple[str, Callable[[StepContext], list[str]]], ...] = (
    ("validate", validate),
    ("register", register),
    ("create_storage", create_storage),
    ("migrate", migrate),
    ("load_regions", load_regions),
    ("branding", branding),
    ("modules", modules),
    ("template", template),
    ("users", users),
    ("domains", domains),
    ("activate", activate),
)
STEP_NAMES = tuple(name for name, _ in STEPS)
