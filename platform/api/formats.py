"""How the API writes values: date-times in RFC 3339 with their offset (UTC), always."""

from __future__ import annotations

from datetime import UTC, datetime

from kiblat.platform.core.times import as_utc


def rfc3339(moment: datetime | None) -> str | None:
    """``2026-12-01T08:30:00+00:00``. A naive value is UTC: SQLite hands stored times back without a zone."""
    if moment is None:
        return None
    return as_utc(moment).astimezone(UTC).isoformat()
