"""``kiblat db upgrade`` with nothing pending answers from the control plane alone, and agrees
with the runner; a tenant behind, or a new revision, still runs the full upgrade."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import delete, inspect, select

from kiblat.migrations import heads, runner
from kiblat.migrations.fleet_check import nothing_pending
from kiblat.platform.cli import cli
from kiblat.platform.core.extensions import db
from kiblat.platform.regions.sync import sync_regions
from kiblat.tenants.database import tenant_db
from kiblat.tenants.dbapi import connect
from kiblat.tenants.models import Tenant, TenantRevision

EXTRA_REVISION = '''"""test only: one nullable column on pengumuman_announcement"""

import sqlalchemy as sa
from alembic import op

revision = "test_pengumuman_extra"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("pengumuman_announcement", sa.Column("test_note", sa.String(40), nullable=True))


def downgrade() -> None:
    op.drop_column("pengumuman_announcement", "test_note")
'''


def check(app, slugs: list[str]):  # noqa: ANN001, ANN201
    registry = app.extensions["kiblat_modules"]
    conn = connect(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        return nothing_pending(conn, registry, heads.tenant_version_locations(registry), True, slugs)
    finally:
        conn.close()


def forget_revisions(slug: str, branch: str) -> None:
    tenant_id = db.session.scalar(select(Tenant.id).where(Tenant.slug == slug))
    db.session.execute(delete(TenantRevision).where(TenantRevision.tenant_id == tenant_id,
                                                    TenantRevision.branch == branch))
    db.session.commit()


def test_nothing_pending_agrees_with_the_runner(app, app_ctx, make_tenant):  # noqa: ANN001
    slugs = sorted(make_tenant().slug for _ in range(2))
    sync_regions()
    done = check(app, slugs)
    assert done is not None and done.current == slugs and done.regencies > 500
    assert runner.pending_tenants(slugs) == ([], slugs)

    forget_revisions(slugs[0], "pengumuman")  # behind on one module's branch
    assert check(app, slugs) is None
    assert check(app, [slugs[1]]).current == [slugs[1]]
    assert runner.pending_tenants(slugs) == ([slugs[0]], [slugs[1]])


def test_no_control_plane_file_yet_is_left_to_the_full_upgrade(tmp_path):  # noqa: ANN001
    missing = tmp_path / "kiblat.sqlite3"
    assert connect(f"sqlite:///{missing}") is None
    assert not missing.exists()


def test_cli_upgrade_reports_at_head_tenants_and_applies_a_pending_revision(app, make_tenant, tmp_path,
                                                                             monkeypatch):  # noqa: ANN001
    slugs = sorted(make_tenant().slug for _ in range(2))
    with app.app_context():
        sync_regions()
        pengumuman_head = runner.tenant_heads()["pengumuman"]
    env = dict(app.config["KIBLAT_SOURCE_ENV"])
    args = ["db", "upgrade", "--jobs", "2", *[a for s in slugs for a in ("--tenant", s)]]

    result = CliRunner().invoke(cli, args, env=env)
    assert result.exit_code == 0, result.output
    assert "control plane: at head" in result.output
    assert "tenants: 0 upgraded, 2 already at head, 0 failed" in result.output

    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "test_pengumuman_extra.py").write_text(EXTRA_REVISION.format(head=pengumuman_head))
    original = heads.tenant_version_locations
    monkeypatch.setattr(heads, "tenant_version_locations", lambda registry: [*original(registry), extra])
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exit_code == 0, result.output
    assert "tenants: 2 upgraded, 0 already at head, 0 failed" in result.output
    with app.app_context():
        for slug in slugs:
            assert runner.recorded_revisions(_tenant_id(slug))["pengumuman"] == "test_pengumuman_extra"
            assert "test_note" in _announcement_columns(slug)
        assert check(app, slugs).current == slugs  # at the new head now
    result = CliRunner().invoke(cli, args, env=env)
    assert "tenants: 0 upgraded, 2 already at head, 0 failed" in result.output


def _tenant_id(slug: str) -> int:
    return db.session.scalar(select(Tenant.id).where(Tenant.slug == slug))


def _announcement_columns(slug: str) -> set[str]:
    engines = tenant_db.engines
    with engines.engine_for(slug).connect() as conn:
        schema = f"tenant_{slug}" if engines.is_postgresql else None
        return {c["name"] for c in inspect(conn).get_columns("pengumuman_announcement", schema=schema)}

