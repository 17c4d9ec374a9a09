"""The module's migration creates exactly its models (and the append-only triggers)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kiblat.migrations.metadata import tenant_metadata_for_migrations
from kiblat.tenants.database import tenant_db
from tests.modules.jumpa_madu.helpers import BINJAI, regency


def _ours(diff: tuple) -> bool:
    for part in (diff if isinstance(diff, list) else [diff]):
        text = repr(part)
        if "jumpa_madu_" in text:
            return True
    return False


def test_models_match_the_migration(app) -> None:  # noqa: ANN001
    tenant = regency(app, BINJAI)
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
