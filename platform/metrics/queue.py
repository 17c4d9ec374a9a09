"""How many background jobs wait, run later and have failed: the one place metrics read the job
queue, so pointing the metrics at another queue changes this function only."""

from __future__ import annotations

from kiblat.platform.jobs import queue


def job_queue_stats() -> dict[str, int]:
    """Jobs per state: ``queued`` (ready now), ``scheduled`` (delayed or retrying), ``failed``."""
    stats = queue.stats()
    return {"queued": stats.queued, "scheduled": stats.scheduled, "failed": stats.failed}
