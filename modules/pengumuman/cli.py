"""``kiblat pengumuman post SLUG --title ... --body ...``: posting until sign-in exists."""

import click

from kiblat.modules.pengumuman.services import announcements
from kiblat.tenants.scope import run_in_tenant


@click.group("pengumuman", help="Pengumuman (announcements) of a tenant.")
def cli() -> None:
    pass


@cli.command("post")
@click.argument("slug")
@click.option("--title", required=True)
@click.option("--body", required=True, help="Text; blank lines separate paragraphs.")
@click.option("--category", default="umum", show_default=True)
@click.option("--author", default="", help="Name shown as the author.")
def post(slug: str, title: str, body: str, category: str, author: str) -> None:
    with run_in_tenant(slug, module="pengumuman"):
        try:
            announcement = announcements.publish(title, body, category, author)
        except announcements.AnnouncementError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"Pengumuman #{announcement.id} diterbitkan di {slug}")
