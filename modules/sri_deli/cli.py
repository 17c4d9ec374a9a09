"""``kiblat sri_deli …``: the daily digest and holiday calendar from the command line."""

from __future__ import annotations

import click

from kiblat.modules.sri_deli.services import holidays
from kiblat.modules.sri_deli.services.digest import send_daily_digest
from kiblat.tenants.database import tenant_db
from kiblat.tenants.scope import run_in_tenant


@click.group("sri_deli", help="Sri Deli (permits) of a tenant.")
def cli() -> None:
    pass


@cli.command("digest")
@click.argument("slug")
def digest(slug: str) -> None:
    """Queue today's digest for every officer with waiting items (idempotent per day)."""
    with run_in_tenant(slug, module="sri_deli"):
        click.echo(f"{send_daily_digest()} ringkasan diantrekan di {slug}")


@cli.command("holidays")
@click.argument("slug")
@click.argument("years", nargs=-1, type=int, required=True)
def national_holidays(slug: str, years: tuple[int, ...]) -> None:
    """Add Indonesia's national holidays of YEARS to the tenant's calendar."""
    with run_in_tenant(slug, module="sri_deli"):
        added = holidays.seed_national(list(years))
        tenant_db.session.commit()
        click.echo(f"{added} hari libur nasional ditambahkan di {slug}")
