"""Background delivery of outbox messages, retried with backoff by the job queue."""

from __future__ import annotations

from kiblat.platform.jobs.registry import job_handler
from kiblat.platform.mail.sender import deliver


@job_handler("mail.deliver", lock="message_id")
def deliver_job(payload: dict) -> None:
    deliver(int(payload["message_id"]))
