"""``kiblat sessions prune``: forget expired sign-in records in the control plane and in every
regency (run it daily from cron or a systemd timer; signing in also prunes its own store)."""

from __future__ import annotations

import click

from kiblat.platform.identity.session_pruning import prune_sessions


@click.group("sessions", help="Server-side sign-in sessions.")
def sessions_group() -> None:
    pass


@sessions_group.command("prune")
def prune() -> None:

    counts = prune_sessions()
    total = sum(counts.values())
    click.echo(f"{total} expired session(s) forgotten: platform {counts.pop('platform')}"
               + "".join(f", {slug} {count}" for slug, count in sorted(counts.items()) if count))
