"""``kiblat tenants move`` and ``kiblat db-servers``: the PostgreSQL servers tenants live on."""

from __future__ import annotations

import click

from kiblat.provisioning.faults import pause_point
from kiblat.tenants import servers
from kiblat.tenants.moves import MoveError, abort_move, move_tenant

STEP_WORDS = {"freeze": "bekukan penulisan", "copy": "salin skema", "verify": "periksa salinan",
              "switch": "alihkan", "cleanup": "hapus skema lama"}


@click.command("move")
@click.argument("slug")
@click.option("--to", "target", help="Name of the database server to move the tenant to.")
@click.option("--abort", is_flag=True, help="Undo an unfinished move that has not switched yet.")
def move_command(slug: str, target: str | None, abort: bool) -> None:
    """Move a tenant's schema to another database server; reads keep working meanwhile.

    Rerunning the same command after a failure or a crash continues where the move stopped."""
    try:
        if abort:
            move = abort_move(slug)
            click.echo(f"pemindahan {slug} ke {move.target} dibatalkan; tenant tetap di {move.source}")
            return
        if not target:
            raise click.UsageError("berikan --to SERVER (atau --abort)")

        def progress(step: str, status: str) -> None:
            if status == "running":
                click.echo(f"{STEP_WORDS[step]:<18} …", nl=False)
            else:
                click.echo(" selesai")

        move = move_tenant(slug, target, progress=progress, pause=pause_point)
    except MoveError as exc:
        click.echo("")
        raise click.ClickException(str(exc)) from None
    tables = len(move.verified) if move.verified else 0
    click.echo(f"{slug}: dipindahkan dari {move.source} ke {move.target} ({tables} tabel diperiksa)")


@click.group("db-servers", help="PostgreSQL servers tenants are placed on.")
def db_servers_group() -> None:
    pass


def _server_error(exc: servers.ServerError) -> click.ClickException:
    return click.ClickException(str(exc))


@db_servers_group.command("list")
def list_command() -> None:
    grouped = servers.tenants_by_server()
    for server in servers.list_servers():
        capacity = "tanpa batas" if server.capacity is None else str(server.capacity)
        click.echo(f"{server.name:<16} {server.status:<9} {server.tenants:>4}/{capacity:<11} {server.display_url}")
        for slug in grouped.get(server.name, []):
            click.echo(f"    {slug}")


@db_servers_group.command("add")
@click.argument("name")
@click.argument("url")
@click.option("--capacity", type=int, help="Most tenants it may hold (default: no limit).")
@click.option("--status", type=click.Choice(["open", "draining", "closed"]), default="open", show_default=True)
def add_command(name: str, url: str, capacity: int | None, status: str) -> None:
    try:
        servers.add_server(name, url, capacity, status)
    except servers.ServerError as exc:
        raise _server_error(exc) from None
    click.echo(f"server {name} ditambahkan ({status})")


@db_servers_group.command("set")
@click.argument("name")
@click.option("--capacity", type=int, help="Most tenants it may hold.")
@click.option("--unlimited", is_flag=True, help="Remove the capacity limit.")
@click.option("--status", type=click.Choice(["open", "draining", "closed"]))
def set_command(name: str, capacity: int | None, unlimited: bool, status: str | None) -> None:
    try:
        servers.update_server(name, capacity=None if unlimited else (capacity if capacity is not None else False),
                              status=status)
    except servers.ServerError as exc:
        raise _server_error(exc) from None
    click.echo(f"server {name} diperbarui")


@db_servers_group.command("remove")
@click.argument("name")
def remove_command(name: str) -> None:
    try:
        servers.remove_server(name)
    except servers.ServerError as exc:
        raise _server_error(exc) from None
    click.echo(f"server {name} dihapus dari daftar")
