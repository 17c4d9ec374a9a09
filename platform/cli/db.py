"""``kiblat db``: the full fleet upgrade (what ``kiblat db upgrade`` runs when something may be
pending), the tenant branches' heads and new revisions. These need Alembic and the app."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from pathlib import Path

import click

from kiblat.migrations import runner
from kiblat.platform.cli.app_context import data_only_app
from kiblat.platform.regions.sync import sync_regions


def run_upgrade(all_tenants: bool, slugs: Iterable[str], jobs: int, started: float) -> None:
    """Upgrade the control plane, sync the region list and upgrade the tenants asked for, in the
    app's context; failures are reported and make the command exit 1."""
    slugs = tuple(slugs)
    runner.upgrade_control_plane()
    provinces, regencies = sync_regions()
    click.echo(f"control plane: at head ({provinces} provinces, {regencies} kabupaten/kota)")
    if not (all_tenants or slugs):
        return

    def progress(index: int, total: int, result: runner.TenantUpgradeResult) -> None:
        where = f" @{result.server}" if result.server else ""
        line = f"[{index}/{total}] {result.slug}{where}: {result.status} ({result.seconds:.2f}s)"
        if result.error:
            line += f" — {result.error}"
        click.echo(line, err=result.status == "failed")

    summary = runner.upgrade_all_tenants(jobs=jobs, slugs=slugs or None, progress=progress,
                                         app_factory=data_only_app)
    click.echo(
        f"tenants: {summary.count('upgraded')} upgraded, {summary.count('skipped')} already at head, "
        f"{summary.count('failed')} failed in {time.perf_counter() - started:.2f}s"
    )
    if summary.failed:
        for result in summary.failed:
            click.echo(f"  FAILED {result.slug}: {result.error}", err=True)
        click.echo("Rerun the same command to retry the failed tenants.", err=True)
        sys.exit(1)


@click.command("heads")
def heads() -> None:
    """The head revision of every tenant migration branch."""
    for branch, revision in sorted(runner.tenant_heads().items()):
        click.echo(f"tenant {branch}: {revision}")


@click.command("revision")
@click.option("--module", "module_key", help="Module whose migration branch gets the revision.")
@click.option("--control", is_flag=True, help="A control-plane revision instead.")
@click.option("-m", "--message", required=True)
@click.option("--autogenerate/--empty", default=True, show_default=True)
def revision(module_key: str | None, control: bool, message: str, autogenerate: bool) -> None:
    """Write a new migration, comparing models with a scratch database at head."""
    if bool(module_key) == control:
        raise click.UsageError("give exactly one of --module KEY or --control")
    path = runner.new_revision(message, module_key=module_key, autogenerate=autogenerate)
    click.echo(f"written: {Path(path).relative_to(Path.cwd()) if Path(path).is_relative_to(Path.cwd()) else path}")
