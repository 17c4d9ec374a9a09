"""The ``kiblat`` command. Each command group lives in its own file."""

from __future__ import annotations

import sys

import click

from kiblat.platform.cli.app_context import pass_app_context
from kiblat.platform.cli.billing import billing_group
from kiblat.platform.cli.db import db_group
from kiblat.platform.cli.demo import demo_group
from kiblat.platform.cli.modules import modules_group
from kiblat.platform.cli.serve import serve
from kiblat.platform.cli.staff import staff_group
from kiblat.platform.cli.tenants import tenants_group
from kiblat.platform.cli.users import users_group
from kiblat.platform.cli.worker import worker
from kiblat.platform.core.config import ConfigError


class KiblatGroup(click.Group):
    """Adds the CLI groups that modules declare in their manifests."""

    def _module_commands(self) -> dict[str, click.Command]:
        if not hasattr(self, "_module_cache"):
            from kiblat.platform.modular.loader import module_cli_groups
            from kiblat.platform.modular.registry import ModuleRegistry, discover_manifests

            self._module_cache = {g.name: g for g in module_cli_groups(ModuleRegistry(discover_manifests()))}
        return self._module_cache

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._module_commands()})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return super().get_command(ctx, name) or self._module_commands().get(name)


@click.group(cls=KiblatGroup, help="Kiblat platform operations.")
@click.pass_context
def cli(ctx: click.Context) -> None:
    pass_app_context(ctx)


cli.add_command(db_group)
cli.add_command(billing_group)
cli.add_command(tenants_group)
cli.add_command(modules_group)
cli.add_command(demo_group)
cli.add_command(serve)
cli.add_command(worker)
cli.add_command(users_group)
cli.add_command(staff_group)


def main() -> None:
    try:
        cli.main(standalone_mode=True)
    except ConfigError as exc:
        click.echo(f"kiblat: configuration error: {exc}", err=True)
        sys.exit(2)
