"""``kiblat demo setup``: the demo regencies ``make run`` shows a newcomer."""

import click
from flask import current_app

from kiblat.platform.core.config import keep_public_port
from kiblat.platform.smartcity import services as smart_city
from kiblat.platform.smartcity.snapshots import run_snapshots
from kiblat.provisioning.demo import demo_urls, ensure_demo_logins, ensure_demo_regencies
from kiblat.tenants.registry import tenant_registry

DEMO_SLUGS = ("deliserdang", "binjai")


def publish_demo_indicators() -> int:
    """This month's smart-city indicators of the demo regencies, all published, so the map,
    their dashboards and the studi banding show real numbers from their sample data."""
    app = current_app._get_current_object()  # noqa: SLF001 — the indicator threads need the app itself
    registry = app.extensions["kiblat_modules"]
    slugs = [s for s in DEMO_SLUGS if tenant_registry().by_slug(s) is not None]
    report = run_snapshots(app, registry, slugs)
    for slug in slugs:
        tenant = tenant_registry().by_slug(slug)
        for item in smart_city.declared(registry, tenant.modules):
            if item.indicator.publishable:
                smart_city.set_published(registry, tenant, item.key, True)
    return report.computed


@click.group("demo", help="Demo regencies for local development.")
def demo_group() -> None:
    pass


@demo_group.command("setup")
@click.option("--port", default=5000, show_default=True, type=int)
def setup(port: int) -> None:
    if current_app.config["ENV"] == "production":
        raise click.ClickException("demo data (with known passwords) is for development only")
    # Links a command prints or mails from another shell point at this server.
    keep_public_port(current_app.config["INSTANCE_PATH"], port)
    ensure_demo_regencies()
    logins = ensure_demo_logins()
    computed = publish_demo_indicators()
    click.echo("Kiblat is ready:")
    for line in demo_urls(port):
        click.echo(f"  {line}")
    click.echo(f"  smart city: {computed} indicators published; map http://{current_app.config['BASE_DOMAIN']}:{port}/adopsi,"
               f" studi banding http://{current_app.config['BASE_DOMAIN']}:{port}/studi-banding?daerah=deliserdang&daerah=binjai")
    click.echo("Demo logins (development only):")
    for where, login in logins:
        starts = f"  ({login.url})" if login.url else ""
        click.echo(f"  {where + ' ' + login.label + ':':<22} {login.identifier} / {login.password}{starts}")
    click.echo("  Admins and staff set up two-factor (any authenticator app) at their first sign-in;")
    click.echo(f"  staff sign in at http://{current_app.config['BASE_DOMAIN']}:{port}/staff/masuk")
