"""Commands loaded on demand: click's lazy-loading group (``LazyGroup`` with import strings, as
click's documentation describes it), plus the Flask app each command runs in.

Why lazy: operators and cron pay the CLI's start-up on every command. ``kiblat --help`` lists
every command from the one-line texts registered here without importing a single command file,
and a command imports only its own file, so ``kiblat db upgrade`` never loads pages, Babel
catalogs, PDF or Stripe libraries.
"""

from __future__ import annotations

import copy
import enum
import functools
import gc
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import click


class App(enum.Enum):
    """The Flask app a command runs in (its app context is pushed before its callback runs)."""

    NONE = "none"  # no app pushed (a group whose subcommands choose their own)
    DATA = "data"  # create_app(web=False): config, databases, tenant registry, module manifests
    FULL = "full"  # the whole app: pages, templates, translations (anything that renders or mails)


@dataclass(frozen=True)
class LazyCommand:
    """A command by import string (``"package.module:attribute"``), with the one-line help that
    ``--help`` shows without importing it (a test checks it equals the command's own)."""

    target: str
    help: str
    app: App = App.FULL


@dataclass
class Process:
    """What this process is. ``main`` (the ``kiblat`` command) sets ``runs_one_command``: the
    process then ends with its command, and may freeze what its app holds. A test invoking
    commands within its own long-lived process leaves it off and keeps collecting."""

    runs_one_command: bool = False


PROCESS = Process()


def import_command(target: str) -> click.Command:
    module, _, attribute = target.partition(":")
    command = getattr(importlib.import_module(module), attribute)
    if not isinstance(command, click.Command):
        raise TypeError(f"{target} is not a click command")
    return command


def build_app(kind: App, environ: Mapping[str, str] | None = None):  # noqa: ANN201 - a Flask app
    """The app of ``kind``. The factory is imported here, when a command that needs an app runs:
    that import is most of the platform, and ``--help`` or a group's listing must not pay it."""
    from kiblat.platform.core.app import create_app

    return create_app(environ, web=kind is App.FULL)


def push_app(kind: App):  # noqa: ANN201 - a Flask app
    """Build the app of ``kind`` and push its context for the rest of the current command (a
    command registered with ``App.NONE`` calls this once it knows it needs the app)."""
    ctx = click.get_current_context()
    app = build_app(kind)
    if PROCESS.runs_one_command:
        # What the app holds lives as long as the command: the collector need not walk it again
        # on each later pass (~0.15 s of a ``tenants create``).
        gc.freeze()
    ctx.obj = app
    ctx.call_on_close(functools.partial(close_connections, app))  # runs after the context is popped
    ctx.with_resource(app.app_context())
    return app


def close_connections(app) -> None:  # noqa: ANN001 - a Flask app
    """Close the command's database connections once it has finished, rather than leaving them
    to the interpreter's shutdown (``main`` stops the collector then)."""
    # Imported here for the reason ``build_app`` imports the factory there.
    from kiblat.tenants.database import close_all_connections

    with app.app_context():
        close_all_connections()


def within_app(command: click.Command, kind: App) -> click.Command:
    """A copy of ``command`` whose callback runs with the app of ``kind`` pushed; for a group,
    the context stays pushed until its subcommand has finished."""
    if kind is App.NONE:
        return command
    callback: Callable[..., object] = command.callback or (lambda *args, **kwargs: None)

    @functools.wraps(callback)
    def run(*args: object, **kwargs: object) -> object:
        push_app(kind)
        return callback(*args, **kwargs)

    wrapped = copy.copy(command)
    wrapped.callback = run
    return wrapped


class LazyGroup(click.Group):
    """A group whose subcommands are :class:`LazyCommand` entries, imported when invoked."""

    def __init__(self, *args: object, lazy_subcommands: Mapping[str, LazyCommand] | None = None,
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_subcommands = dict(lazy_subcommands or {})

    def lazy_entries(self) -> dict[str, LazyCommand]:
        """Every lazily registered subcommand by name (subclasses may add more)."""
        return self.lazy_subcommands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_entries()})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = self.lazy_entries().get(cmd_name)
        if entry is None:
            return super().get_command(ctx, cmd_name)
        return within_app(import_command(entry.target), entry.app)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the registered texts: nothing is imported to show it."""
        entries = self.lazy_entries()
        rows = []
        for name in self.list_commands(ctx):
            if name in entries:
                rows.append((name, entries[name].help))
                continue
            command = super().get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
