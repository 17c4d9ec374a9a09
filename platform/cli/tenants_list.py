"""``kiblat tenants list``: the regencies on this platform, read from the control plane with three
plain queries (``tenants/listing.py``): no app, no model, no SQLAlchemy engine."""

from __future__ import annotations

import json
import os

import click

from kiblat.platform.core.config import load_config
from kiblat.tenants.dbapi import connect
from kiblat.tenants.listing import ListedTenant, listed_tenants


@click.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def list_tenants(as_json: bool) -> None:
    """Every regency with its status, region, host and modules."""
    tenants = _read_tenants()
    if as_json:
        click.echo(json.dumps([
            {
                "slug": t.slug, "official_name": t.official_name, "region_code": t.region_code,
                "kind": t.kind, "time_zone": t.time_zone, "status": t.status,
                "host": t.host, "modules": list(t.modules),
            }
            for t in tenants
        ], indent=2))
        return
    if not tenants:
        click.echo("no tenants yet: kiblat tenants create --spec provisioning/specs/deliserdang.yaml")
    for t in tenants:
        click.echo(f"{t.slug:<20} {t.status:<12} {t.region_code}  {t.official_name}  [{', '.join(t.modules) or '-'}]")


def _read_tenants() -> list[ListedTenant]:
    config = load_config(os.environ)  # a configuration error stops here, as building the app would
    try:
        conn = connect(config["SQLALCHEMY_DATABASE_URI"])
    except Exception as exc:  # noqa: BLE001 - any driver's error, told in one line
        raise click.ClickException(f"cannot connect to the database: {_first_line(exc)}") from None
    if conn is None:
        raise click.ClickException("this deployment has no database yet: run `kiblat db upgrade` first")
    try:
        return listed_tenants(conn)
    except Exception as exc:  # noqa: BLE001 - e.g. a control plane never migrated
        raise click.ClickException(f"cannot read the tenants ({_first_line(exc)}); on a new deployment, run "
                                   "`kiblat db upgrade` first") from None
    finally:
        conn.close()


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
