"""How the provisioning commands (``tenants create``, ``create-many``, ``resume``) show a run:
one line per step as it ends, and a spec's problems field by field."""

from __future__ import annotations

import click

from kiblat.provisioning.progress import StepEvent
from kiblat.provisioning.spec_file import SpecError


def spec_error(exc: SpecError) -> click.ClickException:
    lines = "\n".join(f"  {e.field}: {e.message}" for e in exc.errors)
    return click.ClickException(f"spesifikasi tidak valid:\n{lines}")


def show_progress(event: StepEvent) -> None:
    prefix = f"[{event.position:>2}/{event.total}] {event.name:<15}"
    if event.status == "running":
        click.echo(f"{prefix} …", nl=False)
        return
    mark = {"done": "selesai", "unchanged": "tidak berubah", "failed": "GAGAL"}[event.status]
    click.echo(f"\r{prefix} {mark} ({event.seconds * 1000:.0f} ms)")
    for change in event.changes:
        click.echo(f"        · {change}")
    if event.error:
        click.echo(f"        {event.error}", err=True)


def resume_hint(failure: str, slug: str | None) -> click.ClickException:
    return click.ClickException(f"{failure}\nlanjutkan dengan: kiblat tenants resume {slug or '<slug>'}")


def created_line(official_name: str, link: str, slug: str, status: str, seconds: float, run_id: str | None) -> str:
    """The line a create ends with, whichever process ran it."""
    return f"{official_name}: {link} (slug {slug}, status {status}, {seconds:.2f} s, run {run_id})"
