"""Jobs that failed for good (every attempt used, or a tenant that no longer exists), kept in the
queue's own storage so operators can list, retry or purge them (``kiblat jobs``, the console)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from huey import Huey

PREFIX = "kiblat.failed."


@dataclass(frozen=True)
class FailedJob:
    id: str
    kind: str
    tenant_slug: str | None
    payload: dict
    attempts: int
    max_attempts: int
    error: str
    failed_at: str  # ISO 8601, UTC


def record(huey: Huey, job_id: str, kind: str, tenant_slug: str | None, payload: dict,
           attempts: int, max_attempts: int, error: str) -> FailedJob:
    failed = FailedJob(job_id, kind, tenant_slug, dict(payload), attempts, max_attempts, error[:4000],
                       datetime.now(UTC).isoformat(timespec="seconds"))
    huey.put(PREFIX + job_id, asdict(failed))
    return failed


def get(huey: Huey, job_id: str) -> FailedJob | None:
    data = huey.get(PREFIX + job_id, peek=True)
    return FailedJob(**data) if data else None


def all_failed(huey: Huey) -> list[FailedJob]:
    """Newest first."""
    items = [
        FailedJob(**huey.serializer.deserialize(value))
        for key, value in huey.storage.result_items().items()
        if key.startswith(PREFIX)
    ]
    return sorted(items, key=lambda f: f.failed_at, reverse=True)


def forget(huey: Huey, job_id: str) -> bool:
    return bool(huey.delete(PREFIX + job_id))
