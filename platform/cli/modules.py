"""``kiblat modules``: list, enable, disable."""

from __future__ import annotations

import json

import click
from flask import current_app

from kiblat.tenants import services
from kiblat.tenants.registry import tenant_registry


@click.group("modules", help="Modules (apps) and which tenants use them.")
def modules_group() -> None:
    pass


@modules_group.command("list")
@click.option("--tenant", "slug", help="Show whether each module is enabled for this tenant.")
@click.option("--json", "as_json", is_flag=True)
def list_modules(slug: str | None, as_json: bool) -> None:
    tenant = None
    if slug:
        tenant = tenant_registry().by_slug(slug)
        if tenant is None:
            raise click.ClickException(f"Tenant {slug!r} tidak ditemukan")
    rows = []
    for m in current_app.extensions["kiblat_modules"]:
        row = {"key": m.key, "name": m.name.id, "version": m.version, "requires": list(m.requires)}
        if tenant is not None:
            row["enabled"] = m.key in tenant.modules
        rows.append(row)
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        state = "" if tenant is None else ("enabled " if row["enabled"] else "disabled")
        requires = f" (requires {', '.join(row['requires'])})" if row["requires"] else ""
        click.echo(f"{row['key']:<16} {state} {row['version']:<8} {row['name']}{requires}")


@modules_group.command("enable")
@click.argument("slug")
@click.argument("key")
@click.option("--settings", "settings_json", help="Module settings as a JSON object.")
def enable(slug: str, key: str, settings_json: str | None) -> None:
    try:
        settings = json.loads(settings_json) if settings_json else None
    except json.JSONDecodeError as exc:
        raise click.ClickException(f"--settings bukan JSON yang valid: {exc.msg}") from None
    if settings is not None and not isinstance(settings, dict):
        raise click.ClickException("--settings harus berupa objek JSON")
    try:
        services.enable_module(slug, key, settings)
    except services.TenantError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{slug}: module {key} enabled")


@modules_group.command("disable")
@click.argument("slug")
@click.argument("key")
def disable(slug: str, key: str) -> None:
    try:
        services.disable_module(slug, key)
    except services.TenantError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{slug}: module {key} disabled (data kept)")
