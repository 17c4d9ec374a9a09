"""Alembic environment of a tenant's schema (PostgreSQL) or file (SQLite).

Core tables have the branch label ``core``; every module adds its own branch from
``modules/<key>/migrations`` (label = module key). The runner passes the open
connection and, on PostgreSQL, the tenant's schema, and upgrades only the branches
the tenant uses. ``include_object`` limits autogenerate to one module's tables.
"""

from alembic import context

from kiblat.migrations.metadata import tenant_metadata_for_migrations

config = context.config
connection = config.attributes["connection"]
schema = config.attributes.get("schema")
only_prefix = config.attributes.get("table_prefix")


def include_object(obj, name, type_, reflected, compare_to):  # noqa: ANN001, ARG001
    if only_prefix is None or type_ != "table":
        return True
    return name.startswith(only_prefix)


context.configure(
    connection=connection,
    target_metadata=tenant_metadata_for_migrations(),
    version_table_schema=schema,
    include_object=include_object,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
