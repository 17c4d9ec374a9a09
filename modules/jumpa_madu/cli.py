"""``kiblat jumpa_madu …``: configure banks and prices, and check the books.

    kiblat jumpa_madu add-bank binjai BSU-01 "Bank Sampah Unit Mawar" --parent BSI --area 12.75.01.1001
    kiblat jumpa_madu set-price binjai kardus 2200 --from 2026-12-01
    kiblat jumpa_madu verify binjai
"""

from datetime import UTC, datetime

import click

from kiblat.modules.jumpa_madu.services import config, ledger
from kiblat.modules.jumpa_madu.services.errors import JumpaMaduError
from kiblat.platform.web.formatting import rupiah
from kiblat.tenants.database import tenant_db
from kiblat.tenants.scope import run_in_tenant


@click.group("jumpa_madu", help="Jumpa Madu waste bank of a tenant.")
def cli() -> None:
    pass


@cli.command("add-bank")
@click.argument("slug")
@click.argument("code")
@click.argument("name")
@click.option("--kind", type=click.Choice(["induk", "unit"]), default="unit", show_default=True)
@click.option("--parent", "parent_code", default=None, help="Code of the bank sampah induk.")
@click.option("--area", "areas", multiple=True, help="Kecamatan or desa code served (repeatable).")
@click.option("--address", default="")
def add_bank(slug: str, code: str, name: str, kind: str, parent_code: str | None, areas: tuple[str, ...],
             address: str) -> None:
    with run_in_tenant(slug, module="jumpa_madu"):
        try:
            bank = config.add_bank(code, name, kind, parent_code, areas, address)
            tenant_db.session.commit()
        except JumpaMaduError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"Bank sampah {bank.code} ({bank.kind}) melayani {len(areas)} wilayah di {slug}")


@cli.command("set-price")
@click.argument("slug")
@click.argument("category")
@click.argument("price_per_kg", type=int)
@click.option("--from", "effective", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M"]), default=None,
              help="When the price takes effect (UTC); default now.")
def set_price(slug: str, category: str, price_per_kg: int, effective: datetime | None) -> None:
    with run_in_tenant(slug, module="jumpa_madu"):
        moment = effective.replace(tzinfo=UTC) if effective else datetime.now(UTC)
        try:
            config.set_price(category, price_per_kg, moment)
        except JumpaMaduError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"Harga {category} {rupiah(price_per_kg)}/kg berlaku mulai {moment:%Y-%m-%d %H:%M} UTC")


@cli.command("verify")
@click.argument("slug")
def verify(slug: str) -> None:
    """Every balance must equal the sum (and count) of its ledger entries."""
    with run_in_tenant(slug, module="jumpa_madu"):
        mismatches = ledger.verify()
    for m in mismatches:
        click.echo(f"nasabah {m.nasabah_id}: saldo {m.balance} ≠ jumlah entri {m.entries_sum} "
                   f"({m.entry_count}/{m.entries} entri)")
    if mismatches:
        raise click.ClickException(f"{len(mismatches)} rekening tidak cocok")
    click.echo("Semua saldo cocok dengan buku besar.")
