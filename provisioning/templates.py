"""Template replication: copy a module's *configuration* tables from one tenant to another.

Only tables a manifest lists in ``configuration_tables`` are copied; citizen data and
users never are. Primary keys are kept, so rows that refer to each other still do.
"""

from __future__ import annotations

from sqlalchemy import Table, delete, insert, select, text

from kiblat.tenants.context import schema_name_for
from kiblat.tenants.database import tenant_db, tenant_metadata


def configuration_tables(table_names: tuple[str, ...]) -> list[Table]:
    """The tables in dependency order (parents first)."""
    wanted = set(table_names)
    return [t for t in tenant_metadata.sorted_tables if t.name in wanted]


def copy_configuration(source_slug: str, target_slug: str, table_names: tuple[str, ...]) -> dict[str, int]:
    """Replace the target's configuration rows with the source's, in one transaction."""
    engines = tenant_db.engines
    tables = configuration_tables(table_names)
    rows: dict[str, list[dict]] = {}
    with engines.engine_for(source_slug).connect() as source:
        for table in tables:
            rows[table.name] = [dict(r._mapping) for r in source.execute(select(table))]
    with engines.engine_for(target_slug).begin() as target:
        for table in reversed(tables):
            target.execute(delete(table))
        for table in tables:
            if rows[table.name]:
                target.execute(insert(table), rows[table.name])
        if engines.is_postgresql:
            _advance_sequences(target, target_slug, tables, rows)
    return {name: len(values) for name, values in rows.items()}


def _advance_sequences(conn, slug: str, tables: list[Table], rows: dict[str, list[dict]]) -> None:  # noqa: ANN001
    """Rows came with their ids, so each serial sequence must move past them: all of them in one
    statement (one round trip, not two per table), from the ids just copied."""
    calls, values = [], {}
    for index, table in enumerate(tables):
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not pk[0].autoincrement or pk[0].type.python_type is not int:
            continue
        highest = max((row[pk[0].key] for row in rows[table.name]), default=None)
        calls.append(f"setval(pg_get_serial_sequence(:t{index}, :c{index}), :v{index}, :called{index})")
        values.update({f"t{index}": f'"{schema_name_for(slug)}"."{table.name}"', f"c{index}": pk[0].name,
                       f"v{index}": highest or 1, f"called{index}": highest is not None})
    if calls:
        conn.execute(text(f"SELECT {', '.join(calls)}"), values)
