"""``kiblat backup`` and ``kiblat restore``: the whole deployment, see docs/operations.md."""

from __future__ import annotations

from pathlib import Path

import click

from kiblat.tenants.backups.backup import make_backup
from kiblat.tenants.backups.manifest import BackupError
from kiblat.tenants.backups.restore import restore_backup


@click.command("backup")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="A new or empty folder to write the backup into.")
def backup_command(out: Path) -> None:
    """Back up the control plane, every tenant on every database server and the uploaded files."""
    try:
        make_backup(out, progress=click.echo)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None


def _server_urls(values: tuple[str, ...]) -> dict[str, str]:
    urls = {}
    for value in values:
        name, sep, url = value.partition("=")
        if not sep or not name or not url:
            raise click.BadParameter(f"{value!r}: tulis NAMA=URL", param_hint="--server")
        urls[name] = url
    return urls


@click.command("restore")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--server", "servers", multiple=True, metavar="NAME=URL",
              help="The new URL of a database server (other than default) that is elsewhere now.")
def restore_command(folder: Path, servers: tuple[str, ...]) -> None:
    """Restore a backup made by `kiblat backup` onto an empty deployment."""
    try:
        restore_backup(folder, _server_urls(servers), progress=click.echo)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
