"""``kiblat tenants``: create, list, suspend, resume."""

from __future__ import annotations

import json

import click

from kiblat.tenants import services
from kiblat.tenants.registry import tenant_registry


def _fail(exc: Exception) -> click.ClickException:
    return click.ClickException(str(exc))


@click.group("tenants", help="Regencies (tenants) on this platform.")
def tenants_group() -> None:
    pass


@tenants_group.command("create")
@click.option("--region", "region_code", required=True, help="Kemendagri code of the kabupaten/kota, e.g. 12.07")
@click.option("--slug", help="Subdomain name; derived from the region name when omitted.")
@click.option("--modules", "module_keys", default="", help="Comma-separated module keys to enable.")
def create(region_code: str, slug: str | None, module_keys: str) -> None:
    keys = [k.strip() for k in module_keys.split(",") if k.strip()]
    try:
        tenant = services.create_tenant(region_code, slug=slug, module_keys=keys)
    except services.TenantError as exc:
        raise _fail(exc) from None
    click.echo(f"{tenant.official_name}: http://{tenant.primary_host}/ (slug {tenant.slug}, status {tenant.status})")


@tenants_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def list_tenants(as_json: bool) -> None:
    tenants = tenant_registry().all()
    if as_json:
        click.echo(json.dumps([
            {
                "slug": t.slug, "official_name": t.official_name, "region_code": t.region_code,
                "kind": t.kind, "time_zone": t.time_zone, "status": t.status,
                "host": t.primary_host, "modules": sorted(t.modules),
            }
            for t in tenants
        ], indent=2))
        return
    if not tenants:
        click.echo("no tenants yet: kiblat tenants create --region 12.07")
    for t in tenants:
        click.echo(f"{t.slug:<20} {t.status:<12} {t.region_code}  {t.official_name}  [{', '.join(sorted(t.modules)) or '-'}]")


@tenants_group.command("suspend")
@click.argument("slug")
def suspend(slug: str) -> None:
    try:
        services.suspend_tenant(slug)
    except services.TenantError as exc:
        raise _fail(exc) from None
    click.echo(f"{slug}: suspended (citizens see a notice; data kept)")


@tenants_group.command("resume")
@click.argument("slug")
def resume(slug: str) -> None:
    try:
        services.resume_tenant(slug)
    except services.TenantError as exc:
        raise _fail(exc) from None
    click.echo(f"{slug}: active")
