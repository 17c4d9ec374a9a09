"""The ``kiblat`` command. Each command group lives in its own file, imported only when used
(click's documented lazy-loading pattern), so ``kiblat db upgrade`` starts quickly."""

from __future__ import annotations

import importlib
import sys

import click

from kiblat.platform.cli.app_context import pass_app_context
from kiblat.platform.core.config import ConfigError

# name → "module:attribute" of the command or group.
CORE_COMMANDS = {
    "db": "kiblat.platform.cli.db:db_group",
    "billing": "kiblat.platform.cli.billing:billing_group",
    "tenants": "kiblat.platform.cli.tenants:tenants_group",
    "modules": "kiblat.platform.cli.modules:modules_group",
    "demo": "kiblat.platform.cli.demo:demo_group",
    "serve": "kiblat.platform.cli.serve:serve",
    "worker": "kiblat.platform.cli.worker:worker",
    "users": "kiblat.platform.cli.users:users_group",
    "staff": "kiblat.platform.cli.staff:staff_group",
    "sessions": "kiblat.platform.cli.sessions:sessions_group",
    "smart-city": "kiblat.platform.cli.smartcity:smart_city_group",
    "db-servers": "kiblat.platform.cli.tenant_moves:db_servers_group",
}


def _load(dotted: str) -> click.Command:
    module, _, attribute = dotted.partition(":")
    return getattr(importlib.import_module(module), attribute)


class KiblatGroup(click.Group):
    """Core commands, loaded on demand, plus the CLI groups modules declare in their manifests."""

    def _module_commands(self) -> dict[str, str]:
        if not hasattr(self, "_module_cache"):
            from kiblat.platform.modular.registry import ModuleRegistry, discover_manifests

            registry = ModuleRegistry(discover_manifests())
            self._module_cache = {m.key: m.cli for m in registry if m.cli}
        return self._module_cache

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*CORE_COMMANDS, *(_load(c).name for c in self._module_commands().values())})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in CORE_COMMANDS:
            return _load(CORE_COMMANDS[name])
        for dotted in self._module_commands().values():
            command = _load(dotted)
            if command.name == name:
                return command
        return None


@click.group(cls=KiblatGroup, help="Kiblat platform operations.")
@click.pass_context
def cli(ctx: click.Context) -> None:
    pass_app_context(ctx)


def main() -> None:
    try:
        cli.main(standalone_mode=True)
    except ConfigError as exc:
        click.echo(f"kiblat: configuration error: {exc}", err=True)
        sys.exit(2)
