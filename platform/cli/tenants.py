"""``kiblat tenants`` subcommands that change regencies: create (from a spec or flags), status,
resume, suspend, archive, delete, export, import. ``list`` is in ``tenants_list.py``; each is
registered in ``TENANT_COMMANDS`` of ``platform/cli/__init__.py``."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import click

from kiblat.platform.core.app import create_app
from kiblat.provisioning import deprovision
from kiblat.provisioning.many import load_many, provision_many
from kiblat.provisioning.run import (
    ProvisioningFailed,
    StepEvent,
    latest_run,
    plan,
    provision_now,
    run_progress,
)
from kiblat.provisioning.run import (
    resume as resume_run,
)
from kiblat.provisioning.spec import SpecError, load_spec_file
from kiblat.tenants import services
from kiblat.tenants.models import TenantStatus
from kiblat.tenants.portability.archive import PortabilityError
from kiblat.tenants.portability.export import export_tenant
from kiblat.tenants.portability.importer import check_archive, import_tenant
from kiblat.tenants.registry import tenant_registry


def _fail(exc: Exception) -> click.ClickException:
    return click.ClickException(str(exc))


def _spec_error(exc: SpecError) -> click.ClickException:
    lines = "\n".join(f"  {e.field}: {e.message}" for e in exc.errors)
    return click.ClickException(f"spesifikasi tidak valid:\n{lines}")


def show_progress(event: StepEvent) -> None:
    prefix = f"[{event.position:>2}/{event.total}] {event.name:<15}"
    if event.status == "running":
        click.echo(f"{prefix} …", nl=False)
        return
    mark = {"done": "selesai", "unchanged": "tidak berubah", "failed": "GAGAL"}[event.status]
    click.echo(f"\r{prefix} {mark} ({event.seconds * 1000:.0f} ms)")
    for change in event.changes:
        click.echo(f"        · {change}")
    if event.error:
        click.echo(f"        {event.error}", err=True)


def _spec_from_flags(region: str | None, slug: str | None, module_keys: str, template: str | None,
                     admin_email: str | None, admin_name: str | None) -> dict:
    if not region:
        raise click.UsageError("berikan --spec FILE atau --region KODE")
    spec: dict = {"region": region, "modules": [k.strip() for k in module_keys.split(",") if k.strip()]}
    if slug:
        spec["slug"] = slug
    if template:
        spec["template"] = template
    if admin_email:
        spec["users"] = [{"name": admin_name or admin_email, "email": admin_email, "role": "admin"}]
    return spec


@click.command("create")
@click.option("--spec", "spec_file", type=click.Path(exists=True, dir_okay=False), help="Tenant spec (YAML/JSON).")
@click.option("--region", "region_code", help="Kemendagri code of the kabupaten/kota, e.g. 12.07")
@click.option("--slug", help="Subdomain name; derived from the region name when omitted.")
@click.option("--modules", "module_keys", default="", help="Comma-separated module keys to enable.")
@click.option("--template", help="Copy module configuration from this tenant.")
@click.option("--admin-email", help="The regency administrator to invite.")
@click.option("--admin-name", help="Their name.")
@click.option("--dry-run", is_flag=True, help="Print the plan; change nothing.")
def create(spec_file: str | None, region_code: str | None, slug: str | None, module_keys: str,
           template: str | None, admin_email: str | None, admin_name: str | None, dry_run: bool) -> None:
    """Provision a regency, or bring an existing one to its spec (only the differences)."""
    try:
        if spec_file:
            raw = load_spec_file(spec_file)
        else:
            raw = _spec_from_flags(region_code, slug, module_keys, template, admin_email, admin_name)
        # From flags an operator may create a bare tenant and invite its admin later.
        require_admin = bool(spec_file)
        if dry_run:
            for name, changes in plan(raw, require_admin):
                click.echo(f"{name:<15} {'; '.join(changes) if changes else '-'}")
            click.echo("(uji coba: tidak ada yang diubah)")
            return
        started = time.perf_counter()
        run = provision_now(raw, progress=show_progress, require_admin=require_admin)
    except SpecError as exc:
        raise _spec_error(exc) from None
    except ProvisioningFailed as exc:
        raise click.ClickException(f"{exc}\nlanjutkan dengan: kiblat tenants resume <slug>") from None
    tenant = tenant_registry().by_slug(run.tenant_slug)
    click.echo(f"{tenant.official_name}: http://{tenant.primary_host}/ (slug {tenant.slug}, status "
               f"{tenant.status}, {time.perf_counter() - started:.2f} s, run {run.id})")


@click.command("provision-status")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True)
def provision_status(slug: str, as_json: bool) -> None:
    """The latest provisioning run of a tenant, step by step."""
    run = latest_run(slug)
    if run is None:
        raise click.ClickException(f"Tenant {slug!r} tidak memiliki riwayat provisioning")
    progress = run_progress(run.id)
    if as_json:
        click.echo(json.dumps(progress, indent=2))
        return
    click.echo(f"run {progress['id']}: {progress['status']}")
    for step in progress["steps"]:
        click.echo(f"  {step['name']:<15} {step['status']}{'  ' + step['error'] if step['error'] else ''}")
    if progress["error"]:
        click.echo(progress["error"])


@click.command("resume")
@click.argument("slug")
def resume(slug: str) -> None:
    """Continue a failed provisioning run, or end a tenant's suspension."""
    tenant = tenant_registry().by_slug(slug)
    if tenant is not None and tenant.status == TenantStatus.SUSPENDED:
        services.resume_tenant(slug)
        click.echo(f"{slug}: active")
        return
    try:
        resume_run(slug, progress=show_progress)
    except (LookupError, SpecError, ProvisioningFailed) as exc:
        raise _fail(exc) from None
    click.echo(f"{slug}: {tenant_registry().by_slug(slug).status}")


@click.command("create-many")
@click.option("--specs", "directory", required=True, type=click.Path(exists=True, file_okay=False))
@click.option("--jobs", default=4, show_default=True, type=int)
def create_many(directory: str, jobs: int) -> None:
    """Provision every spec in a directory (e.g. a whole province) in parallel."""
    try:
        specs = load_many(directory)
    except SpecError as exc:
        raise _spec_error(exc) from None
    started = time.perf_counter()

    def report(result) -> None:  # noqa: ANN001
        status = "ok" if result.ok else f"GAGAL: {result.error}"
        click.echo(f"{result.name:<30} {result.seconds:6.2f} s  {status}")

    results = provision_many(specs, jobs=jobs, progress=report, app_factory=create_app)
    total = time.perf_counter() - started
    failed = [r for r in results if not r.ok]
    click.echo(f"{len(results) - len(failed)} berhasil, {len(failed)} gagal, {total:.1f} s total "
               f"({total / max(len(results), 1):.2f} s per tenant)")
    if failed:
        raise SystemExit(1)


@click.command("archive")
@click.argument("slug")
def archive(slug: str) -> None:
    """Archive a regency: read-only, hidden from citizens."""
    try:
        deprovision.archive_tenant(slug)
    except services.TenantError as exc:
        raise _fail(exc) from None
    click.echo(f"{slug}: archived (read-only, hidden from citizens)")


@click.command("delete")
@click.argument("slug")
@click.option("--confirm", required=True, help="Repeat the slug to confirm.")
def delete(slug: str, confirm: str) -> None:
    """Delete a regency's schema or file and uploads (the audit record is kept)."""
    try:
        deprovision.delete_tenant(slug, confirm)
    except services.TenantError as exc:
        raise _fail(exc) from None
    click.echo(f"{slug}: deleted (schema/file and uploads dropped; audit record kept)")


@click.command("suspend")
@click.argument("slug")
def suspend(slug: str) -> None:
    """Suspend a regency: citizens see a notice; data is kept."""
    try:
        services.suspend_tenant(slug)
    except services.TenantError as exc:
        raise _fail(exc) from None
    click.echo(f"{slug}: suspended (citizens see a notice; data kept)")


@click.command("export")
@click.argument("slug")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="Archive to write (.zip).")
def export(slug: str, out: str) -> None:
    """Write one portable archive: all tenant data (SQLite), uploads and a manifest."""

    try:
        manifest = export_tenant(slug, out)
    except PortabilityError as exc:
        raise _fail(exc) from None
    rows = sum(manifest["tables"].values())
    click.echo(f"{slug}: {out} ({len(manifest['tables'])} tabel, {rows} baris, "
               f"{len(manifest['files']) - 1} berkas unggahan)")


@click.command("import")
@click.argument("archive", type=click.Path(dir_okay=False))
@click.option("--slug", help="Subdomain for the imported tenant (default: the archive's).")
@click.option("--check", "check_only", is_flag=True, help="Validate the archive only; change nothing.")
def import_(archive: str, slug: str | None, check_only: bool) -> None:
    """Restore a tenant from an archive made by `kiblat tenants export` (either backend)."""

    try:
        if check_only:
            with tempfile.TemporaryDirectory() as scratch:
                plan = check_archive(archive, Path(scratch), slug)
                plan.archive.close()
            click.echo(f"{archive}: valid; would become tenant {plan.slug} ({plan.regency.name})")
            return
        tenant = import_tenant(archive, slug)
    except PortabilityError as exc:
        raise _fail(exc) from None
    click.echo(f"{tenant.official_name}: http://{tenant.primary_host}/ (slug {tenant.slug}, status {tenant.status})")
