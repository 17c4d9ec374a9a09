"""``kiblat smart-city``: indicator snapshots of the regencies (run monthly, or now)."""

from __future__ import annotations

import click
from flask import current_app

from kiblat.platform.smartcity.snapshots import DEFAULT_TIME_LIMIT, run_snapshots


@click.group("smart-city", help="Smart-city indicators of the regencies.")
def smart_city_group() -> None:
    pass


@smart_city_group.command("snapshot")
@click.option("--tenant", "slugs", multiple=True, help="Only this regency (repeatable); default: every live one.")
@click.option("--period", default=None, help="Month YYYY-MM (default: this month).")
@click.option("--time-limit", default=DEFAULT_TIME_LIMIT, show_default=True, help="Seconds per indicator.")
def snapshot(slugs: tuple[str, ...], period: str | None, time_limit: float) -> None:
    """Compute every declared indicator and store the numbers; failures are listed, not fatal."""
    app = current_app._get_current_object()  # noqa: SLF001 — the worker threads need the app itself
    report = run_snapshots(app, app.extensions["kiblat_modules"], slugs or None, period=period, time_limit=time_limit)
    click.echo(f"{report.computed} indicator values stored")
    for slug, indicator, why in report.failures:
        click.echo(f"  failed: {slug} {indicator}: {why}", err=True)
