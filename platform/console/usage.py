"""Numbers that live inside each tenant's own schema/file: user count and last activity.

Reading them means one small query per tenant (PostgreSQL: the shared pool with the
tenant's schema; SQLite: the tenant's file), so the console never reads them for the
whole fleet at once: the list reads only the tenants on the page shown (50 at most) and
keeps each result for ``CACHE_SECONDS`` in this process; the tenant page always reads
fresh numbers.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.platform.identity.models import User
from kiblat.tenants.database import tenant_db

CACHE_SECONDS = 300.0
CACHE_KEY = "kiblat_console_usage"


@dataclass(frozen=True)
class Usage:
    users: int | None
    last_activity: datetime | None
    measured_at: float


def _cache() -> dict[str, Usage]:
    return current_app.extensions.setdefault(CACHE_KEY, {})


def measure(slug: str) -> Usage:
    """One query on the tenant's own storage; unreadable storage gives ``None`` numbers."""
    users = select(func.count()).select_from(User.__table__).scalar_subquery()
    last = select(func.max(AuditEntry.__table__.c.created_at)).scalar_subquery()
    engines = tenant_db.engines
    if not engines.is_postgresql and not engines.sqlite_path(slug).exists():
        return Usage(None, None, time.monotonic())  # never create a file by looking
    try:
        with engines.engine_for(slug).connect() as conn:
            count, latest = conn.execute(select(users, last)).one()
    except Exception:  # noqa: BLE001 - a broken tenant must not break the console
        return Usage(None, None, time.monotonic())
    if isinstance(latest, str):  # SQLite without type information on an aggregate
        latest = datetime.fromisoformat(latest)
    return Usage(int(count), latest, time.monotonic())


def usage_for(slugs: Iterable[str], fresh: bool = False) -> dict[str, Usage]:
    cache = _cache()
    now = time.monotonic()
    result = {}
    for slug in slugs:
        cached = cache.get(slug)
        if fresh or cached is None or now - cached.measured_at > CACHE_SECONDS:
            cached = cache[slug] = measure(slug)
        result[slug] = cached
    return result


def forget(slug: str) -> None:
    _cache().pop(slug, None)
