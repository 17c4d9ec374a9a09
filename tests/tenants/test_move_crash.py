"""Crash injection: a real ``kiblat tenants move`` process is SIGKILLed at each step. Whatever the
point, the tenant is then served from exactly one place (the server the control plane names holds
its complete schema, its pages read) and rerunning the same command converges."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from flask import Flask, has_app_context
from sqlalchemy import select

from kiblat.modules.pengumuman import api as pengumuman
from kiblat.modules.pengumuman.models import Announcement
from kiblat.platform.core.extensions import db
from kiblat.provisioning import deprovision
from kiblat.provisioning.run import provision_now
from kiblat.tenants import moves, servers
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import DEFAULT_SERVER
from kiblat.tenants.registry import tenant_registry
from tests.conftest import get
from tests.crash import kill_cli_at
from tests.provisioning.conftest import free_region

POINTS = ["move-freeze:start", "move-freeze:end", "move-copy:copied", "move-copy:end", "move-verify:end",
          "move-switch:start", "move-switch:end", "move-cleanup:dropped", "move-cleanup:end"]
SWITCHED = {"move-switch:end", "move-cleanup:dropped", "move-cleanup:end"}


@pytest.fixture
def moving_tenant(app: Flask, second_server: str) -> Iterator[str]:
    with app.app_context():
        run = provision_now({"region": free_region(), "slug": f"kr{uuid.uuid4().hex[:8]}",
                             "modules": {"pengumuman": None}, "database_server": DEFAULT_SERVER},
                            require_admin=False)
        with tenant_context(tenant_registry().by_slug(run.tenant_slug)):
            for number in range(1, 13):
                pengumuman.publish(f"Kabar {number}", f"Isi kabar {number}.", "umum")
            tenant_db.close_sessions()
    yield run.tenant_slug
    if has_app_context():
        tenant_db.close_sessions()
        db.session.rollback()
    with app.app_context():
        if tenant_registry().by_slug(run.tenant_slug) is not None:
            deprovision.archive_tenant(run.tenant_slug)
            deprovision.delete_tenant(run.tenant_slug, confirm=run.tenant_slug)


def _served_from_one_place(slug: str, client) -> str:  # noqa: ANN001
    """The server the control plane names holds the schema and serves the pages; returns it."""
    tenant_registry().clear()
    db.session.expire_all()
    tenant = tenant_registry().by_slug(slug)
    server = servers.server_for(slug)
    assert tenant.database_server == server
    assert tenant_db.engines.storage_exists(slug, server=server)
    with tenant_context(tenant):
        assert len(tenant_db.session.scalars(select(Announcement.id)).all()) == 12
        tenant_db.close_sessions()
    page = get(client, tenant.primary_host, "/pengumuman/")
    tenant_db.close_sessions()
    assert page.status_code == 200 and "Kabar 12" in page.get_data(as_text=True)
    return server


@pytest.mark.slow
@pytest.mark.parametrize("point", POINTS)
def test_kill_the_move_anywhere_then_rerun_converges(app, app_ctx, second_server, moving_tenant, client, point,
                                                     tmp_path) -> None:
    slug = moving_tenant
    kill_cli_at(app, ["tenants", "move", slug, "--to", second_server], point, tmp_path)
    served_from = _served_from_one_place(slug, client)
    assert served_from == (second_server if point in SWITCHED else DEFAULT_SERVER)
    if point == "move-cleanup:end":  # killed after the move had finished: nothing left to do
        with pytest.raises(moves.MoveError, match="sudah berada"):
            moves.move_tenant(slug, second_server)
    else:
        moves.move_tenant(slug, second_server)
    assert _served_from_one_place(slug, client) == second_server
    tenant = tenant_registry().by_slug(slug)
    assert not tenant.read_only
    assert not tenant_db.engines.storage_exists(slug, server=DEFAULT_SERVER)
    assert moves.frozen_tables(slug, second_server) == []
    assert [m.status for m in moves.moves_of(slug)] == ["succeeded"]
    with tenant_context(tenant):
        assert pengumuman.publish("Sesudah", "Ditulis setelah pindah.", "umum").id > 12
        tenant_db.close_sessions()
