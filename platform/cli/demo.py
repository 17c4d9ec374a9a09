"""``kiblat demo setup``: the demo regencies ``make run`` shows a newcomer."""

import click

from kiblat.provisioning.demo import demo_urls, ensure_demo_regencies


@click.group("demo", help="Demo regencies for local development.")
def demo_group() -> None:
    pass


@demo_group.command("setup")
@click.option("--port", default=5000, show_default=True, type=int)
def setup(port: int) -> None:
    ensure_demo_regencies()
    click.echo("Kiblat is ready:")
    for line in demo_urls(port):
        click.echo(f"  {line}")
    click.echo("Sign-in arrives with the identity work; until then post news with")
    click.echo("  .venv/bin/kiblat pengumuman post deliserdang --title '...' --body '...'")
