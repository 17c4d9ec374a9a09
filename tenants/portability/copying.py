"""Schema at given revisions, and row copying between any two tenant databases.

Both sides of a copy are created by the tenant migrations at the same revisions, so the
table list comes from the database itself (reflected) and the column types from the
tenant models, which is what makes values cross backends unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from alembic import command
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from flask import current_app
from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Integer,
    MetaData,
    Table,
    delete,
    func,
    insert,
    select,
    text,
)

from kiblat.migrations.metadata import tenant_metadata_for_migrations
from kiblat.migrations.runner import CORE_BRANCH, tenant_config, tenant_heads

VERSION_TABLE = "alembic_version"
BATCH = 1000


def branch_order(branches: Iterable[str]) -> list[str]:
    """Core first, then modules each after the modules it requires."""
    wanted = set(branches)
    registry = current_app.extensions["kiblat_modules"]
    modules = [k for k in registry.dependency_order(wanted - {CORE_BRANCH}) if k in wanted]
    return ([CORE_BRANCH] if CORE_BRANCH in wanted else []) + modules


def unknown_revisions(revisions: dict[str, str]) -> list[str]:
    """Descriptions of every branch/revision this code cannot migrate to (empty: all known)."""
    heads = tenant_heads()
    script = ScriptDirectory.from_config(tenant_config())
    problems = []
    for branch, revision in sorted(revisions.items()):
        if branch not in heads:
            problems.append(f"cabang migrasi {branch!r} tidak dikenal kode ini")
            continue
        ancestry = {r.revision for r in script.iterate_revisions(f"{branch}@head", "base")}
        if revision in ancestry:
            continue
        try:
            known = script.get_revision(revision) is not None
        except CommandError:
            known = False
        problems.append(
            f"revisi {branch} {revision!r} bukan bagian cabang {branch} pada kode ini"
            if known else
            f"revisi {branch} {revision!r} lebih baru dari kode ini (terbaru {heads[branch]!r})"
        )
    return problems


def migrate_to(conn: Connection, revisions: dict[str, str], schema: str | None = None) -> None:
    """Run the tenant migrations on ``conn`` up to exactly these revisions."""
    cfg = tenant_config()
    if schema is not None:
        cfg.attributes["schema"] = schema
        conn.exec_driver_sql(f'SET LOCAL search_path TO "{schema}"')
    cfg.attributes["connection"] = conn
    for branch in branch_order(revisions):
        command.upgrade(cfg, revisions[branch])


def typed_tables(conn: Connection, schema: str | None = None) -> list[Table]:
    """The database's tables (of ``schema``, on PostgreSQL), parents first, typed like the tenant
    models where they know them; the tables returned name no schema (the connection's
    ``schema_translate_map`` places them)."""
    reflected = MetaData()
    reflected.reflect(conn, schema=schema)
    models = tenant_metadata_for_migrations()
    typed = MetaData()
    tables = []
    for table in reflected.sorted_tables:
        if table.name == VERSION_TABLE:
            continue
        model = models.tables.get(table.name)
        columns = []
        for column in table.columns:
            known = model.columns.get(column.name) if model is not None else None
            kind = known.type if known is not None else column.type
            columns.append(Column(column.name, kind, primary_key=column.primary_key, autoincrement=False))
        tables.append(Table(table.name, typed, *columns))
    return tables


def _datetime_columns(table: Table) -> list[tuple[str, bool]]:
    return [(c.name, bool(c.type.timezone)) for c in table.columns if isinstance(c.type, DateTime)]


def normalize_datetime(value: datetime | None, aware: bool) -> datetime | None:
    """UTC always: naive values are UTC (SQLite keeps no zone), aware ones are converted."""
    if value is None:
        return None
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value if aware else value.replace(tzinfo=None)


def read_rows(conn: Connection, table: Table) -> Iterable[list[dict]]:
    """The table's rows in primary-key order, in batches, datetimes in UTC."""
    dated = _datetime_columns(table)
    order = list(table.primary_key.columns) or list(table.columns)
    result = conn.execution_options(yield_per=BATCH).execute(select(table).order_by(*order))
    for part in result.partitions(BATCH):
        rows = [dict(r._mapping) for r in part]
        for row in rows:
            for name, aware in dated:
                row[name] = normalize_datetime(row[name], aware)
        yield rows


def copy_rows(source: Connection, target: Connection, tables: list[Table]) -> dict[str, int]:
    """Replace the target's rows of ``tables`` with the source's; returns rows per table."""
    if target.dialect.name == "sqlite":
        target.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    for table in reversed(tables):
        target.execute(delete(table))
    counts = {}
    for table in tables:
        counts[table.name] = 0
        for rows in read_rows(source, table):
            target.execute(insert(table), rows)
            counts[table.name] += len(rows)
    return counts


def count_rows(conn: Connection, tables: list[Table]) -> dict[str, int]:
    return {t.name: conn.scalar(select(func.count()).select_from(t)) or 0 for t in tables}


def advance_sequences(conn: Connection, schema: str, tables: list[Table]) -> None:
    """PostgreSQL: rows came with their ids, so each serial sequence must move past them."""
    for table in tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer):
            continue
        highest = conn.scalar(select(func.max(pk[0])))
        conn.execute(
            text("SELECT setval(pg_get_serial_sequence(:t, :c), :v, :called)"),
            {"t": f'"{schema}"."{table.name}"', "c": pk[0].name, "v": highest or 1,
             "called": highest is not None},
        )
