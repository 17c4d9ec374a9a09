"""``kiblat tenants list``: the regencies on this platform, read from the tenant registry alone
(it runs in the data-only app, so a listing does not load provisioning or any page)."""

from __future__ import annotations

import json

import click

from kiblat.tenants.registry import tenant_registry


@click.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def list_tenants(as_json: bool) -> None:
    """Every regency with its status, region, host and modules."""
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
        click.echo("no tenants yet: kiblat tenants create --spec provisioning/specs/deliserdang.yaml")
    for t in tenants:
        click.echo(f"{t.slug:<20} {t.status:<12} {t.region_code}  {t.official_name}  [{', '.join(sorted(t.modules)) or '-'}]")
