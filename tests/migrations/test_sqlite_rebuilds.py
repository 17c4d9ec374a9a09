"""A migration that rebuilds a SQLite table (Alembic's batch mode: copy, drop, rename) must not
cascade-delete the rows that point at it — an upgrade once emptied every tenant's domains,
branding and module list this way."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, event, text

from kiblat.migrations import runner

ROWS = {
    "regions_province": "INSERT INTO regions_province VALUES ('12', 'Sumatera Utara', 'Asia/Jakarta')",
    "regions_regency": "INSERT INTO regions_regency VALUES ('12.07', '12', 'Deli Serdang', 'kabupaten', 1)",
    "tenants": "INSERT INTO tenants (id, slug, official_name, short_name, region_code, kind, province_code, "
               "time_zone, status, created_at, updated_at) VALUES (1, 'contoh', 'Pemerintah Kabupaten Contoh', "
               "'Contoh', '12.07', 'kabupaten', '12', 'Asia/Jakarta', 'active', '2026-01-01', '2026-01-01')",
    "tenant_domains": "INSERT INTO tenant_domains VALUES (1, 1, 'contoh.kiblat.test', 1, '2026-01-01')",
    "tenant_branding": "INSERT INTO tenant_branding VALUES (1, '#0b6e4f', '#f2c300', 'Maju', 'Bupati', 'Nama', "
                       "NULL, '2026-01-01')",
    "tenant_modules": "INSERT INTO tenant_modules VALUES (1, 1, 'pengumuman', 1, '{}', NULL, '2026-01-01')",
}
# The last revision before the first one that rebuilds ``tenants`` on SQLite.
BEFORE_REBUILD = "control_0009"


def _counts(engine) -> dict[str, int]:  # noqa: ANN001
    with engine.connect() as conn:
        return {table: conn.scalar(text(f"SELECT count(*) FROM {table}")) for table in ROWS}


def test_upgrading_and_downgrading_past_a_table_rebuild_keeps_the_rows_pointing_at_it(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'control.sqlite3'}")

    @event.listens_for(engine, "connect")
    def _foreign_keys_on(dbapi_connection, _record) -> None:  # noqa: ANN001 - as the platform's engine does
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    cfg = runner.control_config()
    with runner.migration_transaction(engine) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, BEFORE_REBUILD)
    with engine.begin() as conn:
        for insert in ROWS.values():
            conn.execute(text(insert))
    before = _counts(engine)
    assert set(before.values()) == {1}

    with runner.migration_transaction(engine) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    assert _counts(engine) == before
    with runner.migration_transaction(engine) as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, BEFORE_REBUILD)
    assert _counts(engine) == before
    with engine.connect() as conn:  # foreign keys are back on for the pool's connection
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
