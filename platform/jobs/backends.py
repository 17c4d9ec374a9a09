"""Where jobs are kept: the control-plane database (default, no server) or Redis.

Both give at-least-once delivery: a job claimed by a worker that dies is claimed
again once its lock is older than ``stale_after`` seconds, so handlers must be
idempotent (provisioning steps are).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy import or_, select, update

from kiblat.platform.core.extensions import db
from kiblat.platform.jobs.models import Job


@dataclass
class JobRecord:
    id: str
    kind: str
    tenant_slug: str | None
    payload: dict
    status: str
    attempts: int
    max_attempts: int
    last_error: str | None = None
    extra: dict = field(default_factory=dict)


class JobBackend(Protocol):
    def enqueue(self, kind: str, payload: dict, tenant_slug: str | None, max_attempts: int, delay: float) -> str: ...
    def claim(self, worker: str, stale_after: float) -> JobRecord | None: ...
    def complete(self, job_id: str) -> None: ...
    def fail(self, job_id: str, error: str, retry_in: float | None) -> None: ...
    def get(self, job_id: str) -> JobRecord | None: ...


def _now() -> datetime:
    return datetime.now(UTC)


class DatabaseBackend:
    """Jobs in the control plane's ``jobs`` table; claims are optimistic guarded updates."""

    def enqueue(self, kind: str, payload: dict, tenant_slug: str | None, max_attempts: int, delay: float) -> str:
        job = Job(kind=kind, payload=payload, tenant_slug=tenant_slug, max_attempts=max_attempts,
                  run_after=_now() + timedelta(seconds=delay), status="queued")
        db.session.add(job)
        db.session.commit()
        return str(job.id)

    def claim(self, worker: str, stale_after: float) -> JobRecord | None:
        now = _now()
        due = or_(
            (Job.status == "queued") & (Job.run_after <= now),
            (Job.status == "running") & (Job.locked_at < now - timedelta(seconds=stale_after)),
        )
        for job_id, attempts in db.session.execute(
            select(Job.id, Job.attempts).where(due).order_by(Job.run_after, Job.id).limit(5)
        ).all():
            # Only one worker's update matches the attempts it read: that worker owns the job.
            won = db.session.execute(
                update(Job).where(Job.id == job_id, Job.attempts == attempts, due)
                .values(status="running", locked_by=worker, locked_at=now, attempts=attempts + 1)
            ).rowcount
            db.session.commit()
            if won == 1:
                return self.get(str(job_id))
        db.session.rollback()
        return None

    def complete(self, job_id: str) -> None:
        db.session.execute(update(Job).where(Job.id == int(job_id))
                           .values(status="done", finished_at=_now(), last_error=None))
        db.session.commit()

    def fail(self, job_id: str, error: str, retry_in: float | None) -> None:
        values: dict = {"last_error": error[:4000], "locked_by": None, "locked_at": None}
        if retry_in is None:
            values.update(status="dead", finished_at=_now())
        else:
            values.update(status="queued", run_after=_now() + timedelta(seconds=retry_in))
        db.session.execute(update(Job).where(Job.id == int(job_id)).values(**values))
        db.session.commit()

    def get(self, job_id: str) -> JobRecord | None:
        job = db.session.get(Job, int(job_id), populate_existing=True)
        if job is None:
            return None
        return JobRecord(str(job.id), job.kind, job.tenant_slug, dict(job.payload or {}), job.status,
                         job.attempts, job.max_attempts, job.last_error)


class RedisBackend:
    """Jobs as Redis hashes; a sorted set by due time is the queue, one more tracks locks."""

    def __init__(self, url: str, prefix: str = "kiblat:jobs") -> None:
        import redis  # only with a Redis URL configured: SQLite-only installs never load the client

        self.redis = redis.Redis.from_url(url, decode_responses=True)
        self.prefix = prefix

    def _key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    def enqueue(self, kind: str, payload: dict, tenant_slug: str | None, max_attempts: int, delay: float) -> str:
        job_id = str(self.redis.incr(self._key("seq")))
        record = {"kind": kind, "tenant_slug": tenant_slug or "", "payload": json.dumps(payload),
                  "status": "queued", "attempts": 0, "max_attempts": max_attempts, "last_error": ""}
        pipe = self.redis.pipeline()
        pipe.hset(self._key("job", job_id), mapping=record)
        pipe.zadd(self._key("due"), {job_id: time.time() + delay})
        pipe.execute()
        return job_id

    def claim(self, worker: str, stale_after: float) -> JobRecord | None:
        now = time.time()
        # Jobs whose worker died: back into the queue.
        for job_id in self.redis.zrangebyscore(self._key("running"), "-inf", now - stale_after):
            if self.redis.zrem(self._key("running"), job_id):
                self.redis.zadd(self._key("due"), {job_id: now})
        for job_id in self.redis.zrangebyscore(self._key("due"), "-inf", now, start=0, num=5):
            # ZREM succeeds for exactly one worker: that worker owns the job.
            if self.redis.zrem(self._key("due"), job_id):
                self.redis.zadd(self._key("running"), {job_id: now})
                self.redis.hset(self._key("job", job_id), mapping={"status": "running", "locked_by": worker})
                self.redis.hincrby(self._key("job", job_id), "attempts", 1)
                return self.get(job_id)
        return None

    def complete(self, job_id: str) -> None:
        self.redis.zrem(self._key("running"), job_id)
        self.redis.hset(self._key("job", job_id), mapping={"status": "done", "last_error": ""})

    def fail(self, job_id: str, error: str, retry_in: float | None) -> None:
        self.redis.zrem(self._key("running"), job_id)
        status = "dead" if retry_in is None else "queued"
        self.redis.hset(self._key("job", job_id), mapping={"status": status, "last_error": error[:4000]})
        if retry_in is not None:
            self.redis.zadd(self._key("due"), {job_id: time.time() + retry_in})

    def get(self, job_id: str) -> JobRecord | None:
        data = self.redis.hgetall(self._key("job", job_id))
        if not data:
            return None
        return JobRecord(job_id, data["kind"], data["tenant_slug"] or None, json.loads(data["payload"]),
                         data["status"], int(data["attempts"]), int(data["max_attempts"]),
                         data.get("last_error") or None)
