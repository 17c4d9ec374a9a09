"""``kiblat satu_data …``: regenerate living datasets now (the schedule does it nightly)."""

from __future__ import annotations

import click

from kiblat.modules.satu_data.services.living import refresh_all
from kiblat.tenants.scope import run_in_tenant


@click.group("satu_data", help="Satu Data (open data) of a tenant.")
def cli() -> None:
    pass


@cli.command("refresh")
@click.argument("slug")
def refresh(slug: str) -> None:
    """Regenerate every living dataset the walidata chose to publish."""
    with run_in_tenant(slug, module="satu_data"):
        refreshed = refresh_all()
        click.echo(f"{len(refreshed)} dataset modul diperbarui di {slug}")
