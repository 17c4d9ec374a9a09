"""Migrations: models agree with them; the fleet upgrade is resumable and skips what is current."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import delete, select, text

from kiblat.migrations import runner
from kiblat.migrations.metadata import control_plane_metadata, tenant_metadata_for_migrations
from kiblat.platform.cli import cli
from kiblat.platform.core.extensions import db
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import Tenant, TenantRevision


def test_control_plane_models_match_migrations(app_ctx):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                control_plane_metadata())
    assert diff == []


def test_tenant_models_match_migrations(app, app_ctx, make_tenant):
    tenant = make_tenant(modules=tuple(m.key for m in app.extensions["kiblat_modules"]))
    engines = tenant_db.engines
    with engines.engine_for(tenant).connect() as conn:
        opts = {"compare_type": True}
        if engines.is_postgresql:
            conn.exec_driver_sql(f'SET search_path TO "{tenant.schema_name}"')
        context = MigrationContext.configure(conn, opts=opts)
        diff = [d for d in compare_metadata(context, tenant_metadata_for_migrations())
                if not (d[0] == "remove_table" and d[1].name == "alembic_version")]
        if engines.is_postgresql:
            conn.rollback()
            conn.exec_driver_sql("SET search_path TO DEFAULT")
    assert diff == []


def test_recorded_revisions_match_the_tenants_own_version_table(app_ctx, make_tenant):
    tenant = make_tenant()
    recorded = runner.recorded_revisions(tenant.id)
    heads = runner.tenant_heads()
    assert recorded == {branch: heads[branch] for branch in recorded}
    assert {"core", "pengumuman"} <= set(recorded)
    with tenant_db.engines.engine_for(tenant).connect() as conn:
        table = f'"{tenant.schema_name}".alembic_version' if tenant_db.engines.is_postgresql else "alembic_version"
        in_schema = {row[0] for row in conn.execute(text(f"SELECT version_num FROM {table}"))}
    assert in_schema == set(recorded.values())


def _forget_revisions(slugs: list[str]) -> None:
    ids = db.session.scalars(select(Tenant.id).where(Tenant.slug.in_(slugs))).all()
    db.session.execute(delete(TenantRevision).where(TenantRevision.tenant_id.in_(ids)))
    db.session.commit()


BOGUS = "does_not_exist"


def _set_core_version(slug: str, old: str, new: str) -> None:
    engines = tenant_db.engines
    table = f'"tenant_{slug}".alembic_version' if engines.is_postgresql else "alembic_version"
    with engines.engine_for(slug).begin() as conn:
        conn.execute(text(f"UPDATE {table} SET version_num = :n WHERE version_num = :o"), {"n": new, "o": old})


def _break_version_table(slug: str) -> str:
    """Point the tenant at a revision that does not exist; returns the real one."""
    core_head = runner.tenant_heads()["core"]
    _set_core_version(slug, core_head, BOGUS)
    return core_head


def test_fleet_upgrade_one_broken_tenant_does_not_stop_the_others_and_rerun_resumes(app_ctx, make_tenant):
    tenants = [make_tenant() for _ in range(3)]
    slugs = [t.slug for t in tenants]
    broken = slugs[1]
    _forget_revisions(slugs)
    old = _break_version_table(broken)

    summary = runner.upgrade_all_tenants(slugs=slugs)
    status = {r.slug: r.status for r in summary.results}
    assert status == {slugs[0]: "upgraded", broken: "failed", slugs[2]: "upgraded"}
    assert "does_not_exist" in summary.failed[0].error

    _set_core_version(broken, BOGUS, old)  # an operator fixes it
    summary = runner.upgrade_all_tenants(slugs=slugs)
    assert {r.slug: r.status for r in summary.results} == {s: ("upgraded" if s == broken else "skipped") for s in slugs}


def test_tenant_at_head_is_skipped_without_touching_its_schema(app_ctx, make_tenant):
    tenant = make_tenant()
    engines = tenant_db.engines
    # Make the tenant's storage unreachable: touching it would fail the run.
    if engines.is_postgresql:
        with db.engine.begin() as conn:
            conn.execute(text(f'ALTER SCHEMA "{tenant.schema_name}" RENAME TO "{tenant.schema_name}_away"'))
    else:
        path = engines.sqlite_path(tenant.slug)
        path.rename(path.with_suffix(".away"))
    try:
        summary = runner.upgrade_all_tenants(slugs=[tenant.slug])
        assert [(r.slug, r.status) for r in summary.results] == [(tenant.slug, "skipped")]
    finally:
        if engines.is_postgresql:
            with db.engine.begin() as conn:
                conn.execute(text(f'ALTER SCHEMA "{tenant.schema_name}_away" RENAME TO "{tenant.schema_name}"'))
        else:
            path.with_suffix(".away").rename(path)


def test_cli_fleet_upgrade_in_parallel_reports_and_exits_non_zero_on_failure(app, make_tenant):
    tenants = [make_tenant() for _ in range(3)]
    slugs = [t.slug for t in tenants]
    with app.app_context():
        _forget_revisions(slugs)
        old = _break_version_table(slugs[0])
    env = dict(app.config["KIBLAT_SOURCE_ENV"])
    args = ["db", "upgrade", "--jobs", "2", *[a for s in slugs for a in ("--tenant", s)]]
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exit_code == 1, result.output
    assert "2 upgraded" in result.output and "1 failed" in result.output
    assert f"FAILED {slugs[0]}" in result.output
    with app.app_context():
        _set_core_version(slugs[0], BOGUS, old)
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exit_code == 0, result.output
    assert "1 upgraded, 2 already at head, 0 failed" in result.output


def test_autogenerate_for_a_module_finds_nothing_when_models_are_at_head(app_ctx, tmp_path):
    """``kiblat db revision --module KEY`` compares the module's models with its migrations.

    Written to a scratch folder: a file in the module's own folder would be a new head for every
    test running alongside."""
    from pathlib import Path

    head = runner.tenant_heads()["pengumuman"]
    path = Path(runner.new_revision("no changes expected", module_key="pengumuman", into=tmp_path))
    source = path.read_text()
    assert path.parent == tmp_path
    assert "branch_labels = None" in source
    assert "op." not in source.split("def upgrade")[1].split("def downgrade")[0]
    assert f"down_revision = '{head}'" in source or f'down_revision = "{head}"' in source
    assert runner.tenant_heads()["pengumuman"] == head  # nothing joined the tree
