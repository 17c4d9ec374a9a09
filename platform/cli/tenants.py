"""``kiblat tenants`` subcommands that change regencies: status, resume, create-many, suspend,
archive, delete, export, import. ``create`` is in ``tenants_create.py`` and ``list`` in
``tenants_list.py`` (they start faster with fewer imports); each is
registered in ``TENANT_COMMANDS`` of ``platform/cli/__init__.py``."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import click

from kiblat.platform.cli.provisioning_output import show_progress, spec_error
from kiblat.platform.core.app import create_app
from kiblat.provisioning import deprovision
from kiblat.provisioning.many import load_many, provision_many
from kiblat.provisioning.run import ProvisioningFailed, latest_run, run_progress
from kiblat.provisioning.run import resume as resume_run
from kiblat.provisioning.spec import SpecError
from kiblat.tenants import services
from kiblat.tenants.models import TenantStatus
from kiblat.tenants.portability.archive import PortabilityError
from kiblat.tenants.portability.export import export_tenant
from kiblat.tenants.portability.importer import check_archive, import_tenant
from kiblat.tenants.registry import tenant_registry


def _fail(exc: Exception) -> click.ClickException:
    return click.ClickException(str(exc))


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
        raise spec_error(exc) from None
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
