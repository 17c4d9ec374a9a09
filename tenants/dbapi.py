"""A plain DB-API connection to the control plane (``sqlite3`` or ``psycopg``), for the commands
that answer from a few queries without building the app: a no-op ``kiblat db upgrade``
(``migrations/fleet_check.py``) and ``kiblat tenants list`` (``tenants/listing.py``).
SQLAlchemy's PostgreSQL dialect alone costs more to import than either answer."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url


def connect(database_url: str) -> Any | None:  # noqa: ANN401 - a DB-API connection
    """A DB-API connection to the control plane of ``KIBLAT_DATABASE_URL`` (as the app's
    configuration normalised it), or None when there is no SQLite file yet."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if not url.database or not Path(url.database).is_file():
            return None
        return sqlite3.connect(url.database, timeout=30)
    # Imported here: only a PostgreSQL deployment has (and pays for) the driver.
    import psycopg

    return psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False))


def fetch_rows(conn: Any, sql: str) -> list[tuple]:  # noqa: ANN401
    cursor = conn.cursor()
    try:
        cursor.execute(sql)
        return [tuple(row) for row in cursor.fetchall()]
    finally:
        cursor.close()
