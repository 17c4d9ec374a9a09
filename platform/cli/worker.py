"""``kiblat worker``: runs queued background jobs (provisioning, email)."""

from __future__ import annotations

import click


@click.command("worker", help="Run background jobs until stopped.")
@click.option("--once", is_flag=True, help="Run the jobs that are due, then exit.")
def worker(once: bool) -> None:
    from kiblat.platform.jobs.worker import work

    count = work(once=once)
    if once:
        click.echo(f"{count} job(s) run")
