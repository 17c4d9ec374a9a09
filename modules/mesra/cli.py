"""``kiblat mesra …``: operator commands for MeSRA Bertuah.

    kiblat mesra rotate-key binjai    # new data key now; the worker re-seals, then destroys the old
"""

import click

from kiblat.modules.mesra.services import rotation
from kiblat.tenants.scope import run_in_tenant


@click.group("mesra", help="MeSRA Bertuah of a tenant.")
def cli() -> None:
    pass


@cli.command("rotate-key")
@click.argument("slug")
def rotate_key(slug: str) -> None:
    """Rotate the tenant's data key (e.g. after a suspected leak or on a yearly schedule)."""
    with run_in_tenant(slug, module="mesra"):
        key_id = rotation.start()
        click.echo(f"Kunci data baru #{key_id} dipakai untuk {slug}; penyandian ulang diantrekan "
                   f"(kunci lama dihapus setelah semua data disandikan ulang).")
