"""``kiblat worker``: huey's consumer, running queued jobs (provisioning, email, exports) and,
once a minute, the schedules of the platform and its modules; and beside it the regencies that
``kiblat tenants create`` hands over (``provisioning/request_watcher.py``)."""

from __future__ import annotations

import logging

import click
from flask import current_app

from kiblat.platform.jobs.queue import job_queue
from kiblat.platform.jobs.runner import consume, drain
from kiblat.provisioning.request_watcher import RequestWatcher


@click.command("worker", help="Run background jobs and schedules until stopped.")
@click.option("--once", is_flag=True, help="Run the jobs that are due, then exit (no schedules).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="Jobs run at once.")
def worker(once: bool, workers: int) -> None:
    queue = job_queue(current_app._get_current_object())  # noqa: SLF001 — the consumer keeps the app
    if once:
        click.echo(f"{drain(queue)} job(s) run")
        return
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # huey logs every task it runs (the schedule tick every minute); kiblat.jobs logs what matters.
    logging.getLogger("huey").setLevel(logging.WARNING)
    logging.getLogger("huey.consumer").setLevel(logging.INFO)  # start and stop
    logging.getLogger("huey.consumer.Scheduler").setLevel(logging.WARNING)
    watcher = RequestWatcher(current_app._get_current_object())  # noqa: SLF001 — as above
    watcher.start()
    try:
        consume(queue, workers)
    finally:
        watcher.stop()
