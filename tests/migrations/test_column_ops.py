"""``add_column_with_default`` gives the column ``op.add_column`` gives, on an empty table and on one
with rows (which receive the default), on both backends."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import text

from kiblat.migrations.column_ops import add_column_with_default
from kiblat.platform.core.extensions import db

COLUMNS = (
    lambda: sa.Column("is_draft", sa.Boolean(), nullable=False, server_default=sa.false()),
    lambda: sa.Column("cover_key", sa.String(length=300), nullable=False, server_default=""),
    lambda: sa.Column("note", sa.String(length=40), nullable=True, server_default="tanpa catatan"),
)


def _columns(conn: sa.Connection, table: str) -> list[tuple]:
    if conn.dialect.name == "sqlite":
        return sorted(tuple(row)[1:] for row in conn.exec_driver_sql(f"PRAGMA table_info({table})"))
    return sorted(tuple(row) for row in conn.execute(text(
        "SELECT column_name, data_type, is_nullable, column_default, character_maximum_length"
        " FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = :t"),
        {"t": table}))


def _add(conn: sa.Connection, table: str, with_helper: bool) -> None:
    with Operations.context(MigrationContext.configure(conn)):
        for make in COLUMNS:
            if with_helper:
                add_column_with_default(table, make())
            else:
                Operations(MigrationContext.configure(conn)).add_column(table, make())


def test_the_column_is_the_one_add_column_makes_and_rows_receive_the_default(app_ctx) -> None:
    schema = f"cols_{uuid.uuid4().hex[:8]}"
    postgresql = db.engine.dialect.name == "postgresql"
    # SQLite commits DDL at once whatever the transaction: its tables go to a database of their
    # own, never into the control plane other tests compare with the models.
    engine = db.engine if postgresql else sa.create_engine("sqlite://")
    with engine.connect() as conn:
        prefix = f"{schema}_" if not postgresql else ""
        if postgresql:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
            conn.exec_driver_sql(f'SET LOCAL search_path TO "{schema}"')
        try:
            tables = {name: f"{prefix}{name}" for name in ("reference", "empty", "filled")}
            for table in tables.values():
                conn.exec_driver_sql(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, title VARCHAR(20))")
            conn.exec_driver_sql(f"INSERT INTO {tables['filled']} (id, title) VALUES (1, 'lama')")
            _add(conn, tables["reference"], with_helper=False)
            _add(conn, tables["empty"], with_helper=True)
            _add(conn, tables["filled"], with_helper=True)
            reference = _columns(conn, tables["reference"])
            assert any("tanpa catatan" in str(column) for column in reference)
            assert _columns(conn, tables["empty"]) == reference
            assert _columns(conn, tables["filled"]) == reference
            row = conn.exec_driver_sql(f"SELECT is_draft, cover_key, note FROM {tables['filled']}").one()
            assert tuple(row) == (False, "", "tanpa catatan")
            # A row added later gets the defaults too.
            conn.exec_driver_sql(f"INSERT INTO {tables['empty']} (id, title) VALUES (1, 'baru')")
            row = conn.exec_driver_sql(f"SELECT is_draft, cover_key, note FROM {tables['empty']}").one()
            assert tuple(row) == (False, "", "tanpa catatan")
        finally:
            conn.rollback()
