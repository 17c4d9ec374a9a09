"""``kiblat db upgrade``, in a file of its own so that an upgrade with nothing pending (what cron
runs after every deploy) is answered from the control plane before the app is built: no Alembic,
no models, no app, not even a SQLAlchemy engine (``migrations/fleet_check.py``). When anything
may be pending, the full upgrade runs in the data-only app as before."""

from __future__ import annotations

import os
import time

import click

from kiblat.migrations import heads as scripts
from kiblat.migrations.fleet_check import NothingPending, nothing_pending
from kiblat.platform.cli.lazy import App, push_app
from kiblat.platform.core.config import load_config
from kiblat.platform.modular.registry import ModuleRegistry, discover_manifests
from kiblat.tenants.dbapi import connect


@click.command("upgrade")
@click.option("--all-tenants", is_flag=True, help="Also upgrade every tenant's schema.")
@click.option("--tenant", "slugs", multiple=True, help="Upgrade only these tenants (repeatable).")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1, 64), help="Tenants in parallel.")
def upgrade(all_tenants: bool, slugs: tuple[str, ...], jobs: int) -> None:
    """Upgrade the control plane and, with --all-tenants or --tenant, the tenants' schemas."""
    started = time.perf_counter()
    tenants = all_tenants or bool(slugs)
    done = _nothing_pending(tenants, slugs or None)
    if done is not None:
        click.echo(f"control plane: at head ({done.provinces} provinces, {done.regencies} kabupaten/kota)")
        if tenants:
            click.echo(f"tenants: 0 upgraded, {len(done.current)} already at head, 0 failed in "
                       f"{time.perf_counter() - started:.2f}s")
        return
    # Imported only now, for start-up time: Alembic and every model are most of a no-op's cost.
    from kiblat.platform.cli.db import run_upgrade

    push_app(App.DATA)
    run_upgrade(all_tenants, slugs, jobs, started)


def _nothing_pending(tenants: bool, slugs: tuple[str, ...] | None) -> NothingPending | None:
    config = load_config(os.environ)  # a configuration error stops here, as building the app would
    registry = ModuleRegistry(discover_manifests())
    try:
        conn = connect(config["SQLALCHEMY_DATABASE_URI"])
    except Exception:  # noqa: BLE001 - the full upgrade reports what is wrong with the database
        return None
    if conn is None:
        return None
    try:
        return nothing_pending(conn, registry, scripts.tenant_version_locations(registry), tenants, slugs)
    finally:
        conn.close()
