"""``kiblat demo setup``: the demo regencies ``make run`` shows a newcomer."""

import click
from flask import current_app

from kiblat.provisioning.demo import demo_urls, ensure_demo_logins, ensure_demo_regencies


@click.group("demo", help="Demo regencies for local development.")
def demo_group() -> None:
    pass


@demo_group.command("setup")
@click.option("--port", default=5000, show_default=True, type=int)
def setup(port: int) -> None:
    if current_app.config["ENV"] == "production":
        raise click.ClickException("demo data (with known passwords) is for development only")
    ensure_demo_regencies()
    logins = ensure_demo_logins()
    click.echo("Kiblat is ready:")
    for line in demo_urls(port):
        click.echo(f"  {line}")
    click.echo("Demo logins (development only):")
    for where, login in logins:
        starts = f"  ({login.url})" if login.url else ""
        click.echo(f"  {where + ' ' + login.label + ':':<22} {login.identifier} / {login.password}{starts}")
    click.echo("  Admins and staff set up two-factor (any authenticator app) at their first sign-in;")
    click.echo(f"  staff sign in at http://{current_app.config['BASE_DOMAIN']}:{port}/staff/masuk")
