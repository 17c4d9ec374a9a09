"""The ``kiblat`` command.

How to add a command (several are being added at once: follow this, then rebase)
---------------------------------------------------------------------------------
1. Write it in a file of its own under ``platform/cli/`` as a click command or group, e.g.
   ``platform/cli/jobs.py``::

       @click.group("jobs", help="Background jobs.")
       def jobs_group() -> None:
           pass

   Import what it needs at the top of that file: the file is imported only when its command
   runs (or its own ``--help`` is asked for), never by ``kiblat --help`` or by other commands.
2. Register it below, one line, in ``COMMANDS`` (a top-level command)::

       "jobs": LazyCommand("kiblat.platform.cli.jobs:jobs_group", "Background jobs.", App.DATA),

   or in ``TENANT_COMMANDS`` (``DB_COMMANDS``) for a subcommand of ``kiblat tenants`` (``kiblat
   db``); see ``"move"`` there: the target is the command itself, made with
   ``@click.command("move")``, not attached to a group.
   The text is what ``kiblat --help`` shows without importing the file; it must equal the
   command's own short help (``tests/platform/test_cli_startup.py`` checks every entry).
3. Choose the app the command runs in (its app context is pushed before the command's
   callback; for a group, before its subcommand runs):

   * ``App.DATA`` — ``create_app(web=False)``: configuration, databases, tenant registry, module
     manifests and models; no pages, templates or translations. For commands that read and move
     data: migrations, listings, backups, jobs bookkeeping.
   * ``App.FULL`` — the whole app. For anything that renders a template or sends mail
     (provisioning invites an admin), or relies on receivers the web layer connects (audit).
   * ``App.NONE`` — no app (a group whose subcommands choose their own, like ``tenants``).

Modules add their own groups through their manifest's ``cli`` hook (``kiblat <module key> …``);
those run in the full app.
"""

from __future__ import annotations

import gc
import sys

import click

from kiblat.platform.cli.lazy import PROCESS, App, LazyCommand, LazyGroup, import_command
from kiblat.platform.core.config import ConfigError

# Subcommands of ``kiblat tenants``.
TENANT_COMMANDS = {
    # No app at first: a running worker provisions; otherwise the command builds the data-only app.
    "create": LazyCommand("kiblat.platform.cli.tenants_create:create",
                          "Provision a regency, or bring an existing one to its spec (only the differences).",
                          App.NONE),
    "create-many": LazyCommand("kiblat.platform.cli.tenants:create_many",
                               "Provision every spec in a directory (e.g. a whole province) in parallel."),
    "provision-status": LazyCommand("kiblat.platform.cli.tenants:provision_status",
                                    "The latest provisioning run of a tenant, step by step."),
    "resume": LazyCommand("kiblat.platform.cli.tenants:resume",
                          "Continue a failed provisioning run, or end a tenant's suspension."),
    "suspend": LazyCommand("kiblat.platform.cli.tenants:suspend",
                           "Suspend a regency: citizens see a notice; data is kept."),
    "archive": LazyCommand("kiblat.platform.cli.tenants:archive",
                           "Archive a regency: read-only, hidden from citizens."),
    "delete": LazyCommand("kiblat.platform.cli.tenants:delete",
                          "Delete a regency's schema or file and uploads (the audit record is kept)."),
    "export": LazyCommand("kiblat.platform.cli.tenants:export",
                          "Write one portable archive: all tenant data (SQLite), uploads and a manifest."),
    "import": LazyCommand("kiblat.platform.cli.tenants:import_",
                          "Restore a tenant from an archive made by `kiblat tenants export` (either backend)."),
    "list": LazyCommand("kiblat.platform.cli.tenants_list:list_tenants",
                        "Every regency with its status, region, host and modules.", App.NONE),
    "move": LazyCommand("kiblat.platform.cli.tenant_moves:move_command",
                        "Move a tenant's schema to another database server; reads keep working meanwhile."),
}

tenants_group = LazyGroup("tenants", help="Regencies (tenants) on this platform.",
                          lazy_subcommands=TENANT_COMMANDS)

# Subcommands of ``kiblat db``.
DB_COMMANDS = {
    # No app at first: with nothing pending the command answers from the control plane alone,
    # and builds the data-only app only when there is something to upgrade.
    "upgrade": LazyCommand("kiblat.platform.cli.db_upgrade:upgrade",
                           "Upgrade the control plane and, with --all-tenants or --tenant, the tenants' schemas.",
                           App.NONE),
    "heads": LazyCommand("kiblat.platform.cli.db:heads", "The head revision of every tenant migration branch.",
                         App.DATA),
    "revision": LazyCommand("kiblat.platform.cli.db:revision",
                            "Write a new migration, comparing models with a scratch database at head.", App.DATA),
}

db_group = LazyGroup("db", help="Database migrations.", lazy_subcommands=DB_COMMANDS)

# Top-level commands.
COMMANDS = {
    "db": LazyCommand("kiblat.platform.cli:db_group", "Database migrations.", App.NONE),
    "billing": LazyCommand("kiblat.platform.cli.billing:billing_group",
                           "Plans, invoices and payments of regencies."),
    "tenants": LazyCommand("kiblat.platform.cli:tenants_group", "Regencies (tenants) on this platform.",
                           App.NONE),
    "modules": LazyCommand("kiblat.platform.cli.modules:modules_group",
                           "Modules (apps) and which tenants use them."),
    "demo": LazyCommand("kiblat.platform.cli.demo:demo_group", "Demo regencies for local development."),
    # No app here: each gunicorn worker creates its own (and must be the first to import
    # prometheus_client, after gunicorn's config chose the metrics folder).
    "serve": LazyCommand("kiblat.platform.cli.serve:serve",
                         "Serve the platform (the app is created in each worker from the environment).", App.NONE),
    "worker": LazyCommand("kiblat.platform.cli.worker:worker", "Run background jobs and schedules until stopped."),
    "jobs": LazyCommand("kiblat.platform.cli.jobs:jobs_group", "Background jobs: the queue and its failures.",
                        App.DATA),
    "users": LazyCommand("kiblat.platform.cli.users:users_group", "Users of a regency."),
    "staff": LazyCommand("kiblat.platform.cli.staff:staff_group",
                         "Platform staff (sign in on the platform host with two-factor)."),
    "sessions": LazyCommand("kiblat.platform.cli.sessions:sessions_group", "Server-side sign-in sessions."),
    "smart-city": LazyCommand("kiblat.platform.cli.smartcity:smart_city_group",
                              "Smart-city indicators of the regencies."),
    "backup": LazyCommand("kiblat.platform.cli.backup:backup_command",
                          "Back up the control plane, every tenant on every database server and the uploaded files.",
                          App.DATA),
    "restore": LazyCommand("kiblat.platform.cli.backup:restore_command",
                           "Restore a backup made by `kiblat backup` onto an empty deployment.", App.DATA),
    "db-servers": LazyCommand("kiblat.platform.cli.tenant_moves:db_servers_group",
                              "PostgreSQL servers tenants are placed on."),
}


class KiblatGroup(LazyGroup):
    """The core commands above, plus the groups modules declare in their manifests."""

    def lazy_entries(self) -> dict[str, LazyCommand]:
        if not hasattr(self, "_entries"):
            # Manifests are small declarations (no module code): reading them keeps --help fast.
            from kiblat.platform.modular.registry import ModuleRegistry, discover_manifests

            modules = {
                m.key: LazyCommand(m.cli, f"{m.name.en} (module)", App.FULL)
                for m in ModuleRegistry(discover_manifests()) if m.cli
            }
            self._entries = {**modules, **self.lazy_subcommands}
        return self._entries


cli = KiblatGroup(name="kiblat", help="Kiblat platform operations.", lazy_subcommands=COMMANDS)

__all__ = ["App", "LazyCommand", "cli", "import_command", "main"]


def main() -> None:
    PROCESS.runs_one_command = True
    try:
        cli.main(standalone_mode=True)
    except ConfigError as exc:
        click.echo(f"kiblat: configuration error: {exc}", err=True)
        sys.exit(2)
    finally:
        # The command is done. Without this, the collector walks every object of the app again
        # and again while the interpreter shuts down (~0.4 s after a command that built the
        # app); reference counting still closes files and connections as usual.
        gc.freeze()
