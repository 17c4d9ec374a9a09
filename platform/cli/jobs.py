"""``kiblat jobs list|retry|purge``: what the queue holds and what failed, for operators."""

from __future__ import annotations

import click

from kiblat.platform.jobs import failures
from kiblat.platform.jobs.queue import job_queue, purge_failed, queued_jobs, retry_failed, stats


@click.group("jobs", help="Background jobs: the queue and its failures.")
def jobs_group() -> None:
    pass


@jobs_group.command("list")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
def list_cmd(limit: int) -> None:
    """Queued and waiting jobs, then failed ones with their error."""
    counts = stats()
    click.echo(f"{counts.queued} queued, {counts.scheduled} waiting (delayed or retrying), {counts.failed} failed")
    for job in queued_jobs(limit):
        when = f" at {job.eta}" if job.eta else ""
        click.echo(f"  {job.state:<9} {job.id}  {job.kind:<28} {job.tenant_slug or '-'}{when}")
    for failed in failures.all_failed(job_queue().huey)[:limit]:
        click.echo(f"  failed    {failed.id}  {failed.kind:<28} {failed.tenant_slug or '-'}  "
                   f"{failed.failed_at}  attempt {failed.attempts}/{failed.max_attempts}: {failed.error}")


@jobs_group.command("retry")
@click.argument("job_ids", nargs=-1)
@click.option("--all", "retry_all", is_flag=True, help="Every failed job.")
def retry_cmd(job_ids: tuple[str, ...], retry_all: bool) -> None:
    """Queue failed jobs again."""
    if retry_all:
        job_ids = tuple(f.id for f in failures.all_failed(job_queue().huey))
    if not job_ids:
        raise click.UsageError("name a failed job's id, or --all")
    for job_id in job_ids:
        try:
            click.echo(f"{job_id}: queued again as {retry_failed(job_id)}")
        except LookupError as exc:
            raise click.ClickException(str(exc)) from None


@jobs_group.command("purge")
@click.option("--yes", is_flag=True, help="Do not ask.")
def purge_cmd(yes: bool) -> None:
    """Forget every failed job."""
    if not yes:
        click.confirm("Forget every failed job?", abort=True)
    click.echo(f"{purge_failed()} failed job(s) forgotten")
