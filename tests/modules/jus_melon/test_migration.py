"""The module's migrations (initial, then who filed a registration) create exactly its models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kiblat.migrations.metadata import tenant_metadata_for_migrations
from kiblat.tenants.database import tenant_db


def _ours(diff: tuple) -> bool:
    return any("jus_melon_" in repr(part) for part in (diff if isinstance(diff, list) else [diff]))


def test_models_match_the_migrations(app, make_tenant) -> None:  # noqa: ANN001
    tenant = make_tenant(modules=("sri_deli", "jus_melon"))
    with app.app_context():
        engines = tenant_db.engines
        with engines.engine_for(tenant).connect() as conn:
            if engines.is_postgresql:
                conn.exec_driver_sql(f'SET search_path TO "{tenant.schema_name}"')
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = [d for d in compare_metadata(context, tenant_metadata_for_migrations()) if _ours(d)]
            if engines.is_postgresql:
                conn.rollback()
                conn.exec_driver_sql("SET search_path TO DEFAULT")
    assert diff == []
