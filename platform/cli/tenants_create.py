"""``kiblat tenants create``: provision a regency from a spec or flags, in a file of its own so
the command imports only provisioning (not exports, imports or deletion), and runs in the
data-only app plus the audit receivers: nothing it does renders a page."""

from __future__ import annotations

import time

import click

from kiblat.platform.identity.account_mail import public_link
from kiblat.platform.identity.audit import receivers as audit_receivers
from kiblat.provisioning.run import ProvisioningFailed, StepEvent, plan, provision_now
from kiblat.provisioning.spec import SpecError, load_spec_file
from kiblat.tenants.registry import tenant_registry


def spec_error(exc: SpecError) -> click.ClickException:
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
    # The audit log records the modules this enables, as in the full app.
    audit_receivers.connect()
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
        raise spec_error(exc) from None
    except ProvisioningFailed as exc:
        raise click.ClickException(f"{exc}\nlanjutkan dengan: kiblat tenants resume <slug>") from None
    tenant = tenant_registry().by_slug(run.tenant_slug)
    click.echo(f"{tenant.official_name}: {public_link(tenant, '/')} (slug {tenant.slug}, status "
               f"{tenant.status}, {time.perf_counter() - started:.2f} s, run {run.id})")
