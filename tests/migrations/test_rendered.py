"""Tenant migrations on PostgreSQL sent as rendered scripts build exactly the schema that running
every revision online builds: tables, columns and defaults, constraints, indexes, triggers,
functions, sequences, the rows migrations write and the version table."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from kiblat.migrations import runner
from kiblat.migrations.rendered import rendered_upgrade
from kiblat.platform.core.extensions import db
from kiblat.tenants.database import tenant_db

CATALOG = {
    "columns": """SELECT table_name, column_name, ordinal_position, data_type, udt_name, is_nullable,
                         column_default, character_maximum_length, numeric_precision, numeric_scale
                  FROM information_schema.columns WHERE table_schema = :s""",
    "constraints": """SELECT c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid)
                      FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
                      WHERE c.relnamespace = CAST(:s AS regnamespace)""",
    "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = :s",
    "triggers": """SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid)
                   FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                   WHERE NOT t.tgisinternal AND c.relnamespace = CAST(:s AS regnamespace)""",
    "functions": """SELECT proname, pg_get_functiondef(oid) FROM pg_proc
                    WHERE pronamespace = CAST(:s AS regnamespace)""",
    "sequences": """SELECT sequence_name, data_type, start_value, increment
                    FROM information_schema.sequences WHERE sequence_schema = :s""",
    "types": """SELECT t.typname, e.enumlabel, e.enumsortorder FROM pg_type t
                LEFT JOIN pg_enum e ON e.enumtypid = t.oid
                WHERE t.typnamespace = CAST(:s AS regnamespace) AND t.typtype IN ('e', 'd', 'c')
                  AND t.typrelid = 0""",
}

# Rows that depend on the tenant's region (each test tenant has its own), not on migrations.
FOLLOW_THE_REGION = {"kecamatan", "desa", "jumpa_madu_bank_area"}


def _schema_of(slug: str) -> dict[str, list[tuple]]:
    schema = f"tenant_{slug}"
    with tenant_db.engines.engine_for(slug).connect() as conn:
        found = {name: sorted(tuple(str(v).replace(schema, "<schema>") for v in row)
                              for row in conn.execute(text(sql), {"s": schema}))
                 for name, sql in CATALOG.items()}
        tables = [row[0] for row in conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = :s ORDER BY 1"), {"s": schema})]
        found["rows"] = [(t, conn.scalar(text(f'SELECT count(*) FROM "{schema}"."{t}"')))
                         for t in tables if t not in FOLLOW_THE_REGION]
        found["alembic_version"] = sorted(r[0] for r in conn.execute(
            text(f'SELECT version_num FROM "{schema}".alembic_version')))
    return found


def test_rendered_migrations_build_the_same_schema_as_online_ones(app, app_ctx, make_tenant, monkeypatch):
    if not tenant_db.engines.is_postgresql:
        pytest.skip("rendered migrations are for PostgreSQL; SQLite runs every revision online")
    every_module = tuple(m.key for m in app.extensions["kiblat_modules"])
    rendered = make_tenant(modules=every_module)
    monkeypatch.setattr(runner, "RENDER_POSTGRESQL_MIGRATIONS", False)
    online = make_tenant(modules=every_module)
    tenant_db.close_sessions()
    a, b = _schema_of(rendered.slug), _schema_of(online.slug)
    assert a["columns"] and a["triggers"] and a["functions"]  # the comparison sees real objects
    for part in a:
        assert a[part] == b[part], (part, sorted(set(a[part]) ^ set(b[part])))


def test_a_revision_that_reads_the_database_runs_online_between_rendered_ones(app_ctx):
    if not tenant_db.engines.is_postgresql:
        pytest.skip("PostgreSQL only")
    script = runner._tenant_script(runner.tenant_config().get_main_option("version_locations"))
    core = rendered_upgrade(script, db.engine.dialect, (), "core@head")
    assert core is not None and "CREATE TABLE users" in core.sql
    # Jumpa Madu's append-only triggers (a % in their message) render.
    assert rendered_upgrade(script, db.engine.dialect, core.heads, "jumpa_madu@head") is not None
    # Sri Deli's second revision reads the permit types it fixes up: it cannot be rendered.
    first = rendered_upgrade(script, db.engine.dialect, core.heads, "sri_deli_0001")
    assert first is not None
    assert rendered_upgrade(script, db.engine.dialect, first.heads, "sri_deli_0002") is None
