"""Several database servers: the list, placement of new tenants, and routing to each server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, select, text

from kiblat.modules.pengumuman import api as pengumuman
from kiblat.platform.cli import cli
from kiblat.platform.core.extensions import db
from kiblat.provisioning import deprovision
from kiblat.provisioning.run import provision_now
from kiblat.provisioning.spec import SpecError
from kiblat.tenants import servers
from kiblat.tenants.context import schema_name_for, tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import DEFAULT_SERVER, DatabaseServer, Tenant, TenantRevision
from kiblat.tenants.registry import tenant_registry
from tests.conftest import get
from tests.provisioning.conftest import free_region

_made: list[str] = []


def _spec(slug: str, **extra) -> dict:
    _made.append(slug)
    return {"region": free_region(), "slug": slug, "modules": {"pengumuman": None}, **extra}


@pytest.fixture(autouse=True)
def _delete_made(app) -> Iterator[None]:
    yield
    with app.app_context():
        while _made:
            slug = _made.pop()
            if tenant_registry().by_slug(slug) is not None:
                deprovision.archive_tenant(slug)
                deprovision.delete_tenant(slug, confirm=slug)


def _schema_on(server: str, slug: str) -> bool:
    return tenant_db.engines.storage_exists(slug, server=server)


def test_default_server_is_listed_without_configuration(app_ctx) -> None:
    default = servers.list_servers()[0]
    assert default.name == DEFAULT_SERVER
    assert default.status == "open" and default.capacity is None
    assert default.url == app_ctx.config["SQLALCHEMY_DATABASE_URI"]


def test_sqlite_or_default_places_on_default_and_refuses_other_servers(app_ctx, backend) -> None:
    if backend != "sqlite":
        pytest.skip("SQLite deployments have one place only")
    assert servers.place_tenant() == DEFAULT_SERVER
    with pytest.raises(SpecError) as error:
        provision_now(_spec("sqlsrv-x", database_server="kedua"), require_admin=False)
    assert "PostgreSQL" in str(error.value)
    with pytest.raises(servers.ServerError, match="PostgreSQL"):
        servers.add_server("kedua", "postgresql+psycopg://postgres@127.0.0.1:5433/x")


def test_new_tenant_goes_to_least_loaded_open_server_and_serves_from_it(app_ctx, second_server, client) -> None:
    provision_now(_spec("srv-on-default", database_server=DEFAULT_SERVER), require_admin=False)
    # The default server now holds more tenants than the second one.
    assert servers.place_tenant() == second_server
    run = provision_now(_spec("srv-least"), require_admin=False)
    slug = run.tenant_slug
    assert servers.server_for(slug) == second_server
    assert _schema_on(second_server, slug) and not _schema_on(DEFAULT_SERVER, slug)
    tenant = tenant_registry().by_slug(slug)
    assert tenant.database_server == second_server
    with tenant_context(tenant):
        pengumuman.publish("Jalan baru", "Jalan desa selesai diperbaiki.", "umum")
    # The row is in the second server's schema, and the tenant's pages read it from there.
    with tenant_db.engines.server_engine(second_server).connect() as conn:
        titles = conn.scalars(text(f'SELECT title FROM "{schema_name_for(slug)}".pengumuman_announcement')).all()
    assert titles == ["Jalan baru"]
    assert "Jalan baru" in get(client, tenant.primary_host, "/pengumuman/").get_data(as_text=True)
    assert slug in servers.tenants_by_server()[second_server]


def test_spec_names_the_server(app_ctx, second_server) -> None:
    run = provision_now(_spec("srv-named", database_server=DEFAULT_SERVER), require_admin=False)
    assert servers.server_for(run.tenant_slug) == DEFAULT_SERVER
    assert _schema_on(DEFAULT_SERVER, run.tenant_slug) and not _schema_on(second_server, run.tenant_slug)
    # Re-applying the spec with another server does not move it: that is what `tenants move` is for.
    tenant = tenant_registry().by_slug(run.tenant_slug)
    tenant_registry().clear()
    with pytest.raises(SpecError) as error:
        provision_now({"region": tenant.region_code, "slug": tenant.slug, "modules": {"pengumuman": None},
                       "database_server": second_server}, require_admin=False)
    assert "tenants move" in str(error.value)


@pytest.mark.parametrize(("change", "message"), [
    ({"status": "closed"}, "ditutup"),
    ({"status": "draining"}, "dikosongkan"),
    ({"capacity": 1}, "penuh"),
])
def test_a_closed_draining_or_full_server_takes_no_new_tenant(app_ctx, second_server, change, message) -> None:
    if "capacity" in change:
        provision_now(_spec("srv-fill", database_server=second_server), require_admin=False)
        assert servers.get_server(second_server).tenants >= 1
    servers.update_server(second_server, **change)
    try:
        with pytest.raises(SpecError) as error:
            provision_now(_spec("srv-refused", database_server=second_server), require_admin=False)
        assert message in str(error.value)
        assert servers.place_tenant() == DEFAULT_SERVER
        assert tenant_registry().by_slug("srv-refused") is None
    finally:
        servers.update_server(second_server, capacity=None, status="open")


def test_bad_servers_are_refused_and_nothing_is_added(app_ctx, second_server) -> None:
    before = db.session.query(DatabaseServer).count()
    with pytest.raises(servers.ServerError, match="tidak dapat dihubungi"):
        servers.add_server("mati", "postgresql+psycopg://postgres@127.0.0.1:1/none")
    with pytest.raises(servers.ServerError, match="sudah terdaftar"):
        servers.add_server(second_server, "postgresql+psycopg://postgres@127.0.0.1:5433/lain")
    with pytest.raises(servers.ServerError, match="tidak valid"):
        servers.add_server("Bad Name", "postgresql+psycopg://postgres@127.0.0.1:5433/lain")
    with pytest.raises(servers.ServerError, match="tidak terdaftar"):
        servers.update_server("tidakada", status="closed")
    with pytest.raises(servers.ServerError, match="tidak dapat dihapus"):
        servers.remove_server(DEFAULT_SERVER)
    assert db.session.query(DatabaseServer).count() == before


def test_fleet_upgrade_runs_on_every_server_at_once(app, second_server) -> None:
    with app.app_context():
        on_default = provision_now(_spec("srv-fleet-a", database_server=DEFAULT_SERVER), require_admin=False)
        on_second = provision_now(_spec("srv-fleet-b", database_server=second_server), require_admin=False)
        slugs = [on_default.tenant_slug, on_second.tenant_slug]
        ids = db.session.scalars(select(Tenant.id).where(Tenant.slug.in_(slugs))).all()
        db.session.execute(delete(TenantRevision).where(TenantRevision.tenant_id.in_(ids)))
        db.session.commit()
    # --jobs 1, yet one worker per server: each server upgrades its own tenants.
    args = ["db", "upgrade", *[a for s in slugs for a in ("--tenant", s)]]
    result = CliRunner().invoke(cli, args, env=dict(app.config["KIBLAT_SOURCE_ENV"]))
    assert result.exit_code == 0, result.output
    assert "2 upgraded, 0 already at head, 0 failed" in result.output
    assert f"{slugs[0]} @default: upgraded" in result.output
    assert f"{slugs[1]} @{second_server}: upgraded" in result.output
