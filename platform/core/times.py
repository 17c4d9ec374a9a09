"""Stored times as aware datetimes."""

from __future__ import annotations

from datetime import UTC, datetime


def as_utc(moment: datetime) -> datetime:
    """``moment`` with its time zone; a naive one is taken as UTC. Every time is stored in UTC,
    and SQLite hands it back without a zone where PostgreSQL gives it with one."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
