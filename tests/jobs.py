"""Helpers for tests that run queued jobs."""

from datetime import UTC, datetime

# ``run_due(LATER)`` runs every queued job and every retry without waiting for its backoff.
LATER = datetime(2100, 1, 1, tzinfo=UTC)
