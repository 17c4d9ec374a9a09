"""Template replication: copy a module's *configuration* tables from one tenant to another.

Only tables a manifest lists in ``configuration_tables`` are copied; citizen data and
users never are. Primary keys are kept, so rows that refer to each other still do.
"""

from __future__ import annotations

from sqlalchemy import Table, delete, func, insert, select, text

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
                _advance_sequence(target, target_slug, table)
    return {name: len(values) for name, values in rows.items()}


def _advance_sequence(conn, slug: str, table: Table) -> None:  # noqa: ANN001
    """Rows came with their ids, so the serial sequence must move past them."""
    pk = list(table.primary_key.columns)
    if len(pk) != 1 or not pk[0].autoincrement or pk[0].type.python_type is not int:
        return
    highest = conn.scalar(select(func.max(pk[0])))
    qualified = f'"{schema_name_for(slug)}"."{table.name}"'
    conn.execute(
        text("SELECT setval(pg_get_serial_sequence(:t, :c), :v, :called)"),
        {"t": qualified, "c": pk[0].name, "v": highest or 1, "called": highest is not None},
    )
