"""``kiblat db``: migrations of the control plane and of every tenant."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from kiblat.migrations import runner
from kiblat.platform.cli.app_context import data_only_app
from kiblat.platform.regions.sync import sync_regions


@click.group("db", help="Database migrations.")
def db_group() -> None:
    pass


@db_group.command("upgrade")
@click.option("--all-tenants", is_flag=True, help="Also upgrade every tenant's schema.")
@click.option("--tenant", "slugs", multiple=True, help="Upgrade only these tenants (repeatable).")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1, 64), help="Tenants in parallel.")
def upgrade(all_tenants: bool, slugs: tuple[str, ...], jobs: int) -> None:
    started = time.perf_counter()
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


@db_group.command("heads")
def heads() -> None:
    for branch, revision in sorted(runner.tenant_heads().items()):
        click.echo(f"tenant {branch}: {revision}")


@db_group.command("revision")
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
