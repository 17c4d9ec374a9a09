"""``kiblat worker``: runs queued background jobs (provisioning, email)."""

from __future__ import annotations

import click

from kiblat.platform.jobs.worker import work


@click.command("worker", help="Run background jobs until stopped.")
@click.option("--once", is_flag=True, help="Run the jobs that are due, then exit.")
def worker(once: bool) -> None:

    count = work(once=once)
    if once:
        click.echo(f"{count} job(s) run")
