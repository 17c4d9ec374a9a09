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


def is_sqlite(conn: Any) -> bool:  # noqa: ANN401
    return isinstance(conn, sqlite3.Connection)


def _placeholders(conn: Any, sql: str) -> str:  # noqa: ANN401
    """``?`` as written, in the driver's own style (psycopg's is ``%s``)."""
    return sql if is_sqlite(conn) else sql.replace("?", "%s")


def fetch_rows(conn: Any, sql: str, params: tuple = ()) -> list[tuple]:  # noqa: ANN401
    """The rows of ``sql`` (``?`` placeholders on either driver); none for a statement without rows."""
    cursor = conn.cursor()
    try:
        cursor.execute(_placeholders(conn, sql), params)
        return [tuple(row) for row in cursor.fetchall()] if cursor.description else []
    finally:
        cursor.close()


def execute_write(conn: Any, sql: str, params: tuple = ()) -> int:  # noqa: ANN401
    """Run ``sql`` and commit; returns how many rows it changed."""
    cursor = conn.cursor()
    try:
        cursor.execute(_placeholders(conn, sql), params)
        count = cursor.rowcount
    finally:
        cursor.close()
    conn.commit()
    return count
