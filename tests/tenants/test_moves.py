"""``kiblat tenants move``: a tenant's schema moves to another PostgreSQL server while its pages
keep being read; bad targets are refused with nothing changed; a copy that does not verify is
never switched to."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import g, has_app_context
from flask_babel import refresh
from sqlalchemy import func, select, text

from kiblat.modules.pengumuman import api as pengumuman
from kiblat.modules.pengumuman.models import Announcement
from kiblat.platform.core.extensions import db
from kiblat.platform.web import errors
from kiblat.provisioning import deprovision
from kiblat.provisioning.run import provision_now
from kiblat.tenants import moves, servers
from kiblat.tenants.context import TenantInfo, schema_name_for, tenant_context
from kiblat.tenants.database import is_read_only_error, tenant_db
from kiblat.tenants.models import DEFAULT_SERVER, DatabaseServer, ServerStatus, TenantMove
from kiblat.tenants.registry import tenant_registry
from tests.conftest import get
from tests.identity.helpers import csrf_token
from tests.provisioning.conftest import free_region


class Stop(Exception):
    """Raised by a pause hook to stop a move at a point, as a crash would (nothing recorded)."""


def stop_at(point: str):  # noqa: ANN201
    def pause(reached: str) -> None:
        if reached == point:
            raise Stop(point)
    return pause


@pytest.fixture
def tenant_on_default(app, second_server) -> Iterator[TenantInfo]:
    """A tenant on the default server with announcements (rows, a sequence) to move."""
    with app.app_context():
        run = provision_now({"region": free_region(), "modules": {"pengumuman": None},
                             "slug": f"mv{__import__('uuid').uuid4().hex[:8]}",
                             "database_server": DEFAULT_SERVER}, require_admin=False)
        slug = run.tenant_slug
        with tenant_context(tenant_registry().by_slug(slug)):
            for number in range(1, 26):
                pengumuman.publish(f"Pengumuman {number}", f"Isi pengumuman nomor {number}.", "umum")
        tenant = tenant_registry().by_slug(slug)
    yield tenant
    if has_app_context():  # the test's own context may hold sessions the cleanup must not wait for
        tenant_db.close_sessions()
        db.session.rollback()
    with app.app_context():
        if moves.unfinished_move(slug) is not None:
            try:
                moves.abort_move(slug)
            except moves.MoveError:
                moves.move_tenant(slug, second_server)
        if tenant_registry().by_slug(slug) is not None:
            deprovision.archive_tenant(slug)
            deprovision.delete_tenant(slug, confirm=slug)


def titles(slug: str) -> list[str]:
    tenant_registry().clear()
    with tenant_context(tenant_registry().by_slug(slug)):
        found = tenant_db.session.scalars(select(Announcement.title).order_by(Announcement.id)).all()
        tenant_db.close_sessions()
    return found


def test_move_copies_verifies_switches_then_drops_the_old_schema(app_ctx, tenant_on_default, second_server,
                                                                 client) -> None:
    slug = tenant_on_default.slug
    before = titles(slug)
    move = moves.move_tenant(slug, second_server)
    assert move.status == "succeeded" and move.step == "cleanup"
    assert move.verified["pengumuman_announcement"][0] == 25
    assert servers.server_for(slug) == second_server
    assert tenant_db.engines.storage_exists(slug, server=second_server)
    assert not tenant_db.engines.storage_exists(slug, server=DEFAULT_SERVER)
    assert moves.frozen_tables(slug, second_server) == []
    tenant = tenant_registry().by_slug(slug)
    assert tenant.database_server == second_server and not tenant.read_only
    assert titles(slug) == before
    # Writable on the new server, ids continuing after the copied ones.
    with tenant_context(tenant):
        new = pengumuman.publish("Setelah pindah", "Ditulis di server baru.", "umum")
        assert new.id > 25
        tenant_db.close_sessions()
    assert "Setelah pindah" in get(client, tenant.primary_host, "/pengumuman/").get_data(as_text=True)
    tenant_db.close_sessions()  # the request ran in this test's app context
    # And back again: the same way in the other direction.
    moves.move_tenant(slug, DEFAULT_SERVER)
    assert servers.server_for(slug) == DEFAULT_SERVER
    assert titles(slug) == [*before, "Setelah pindah"]
    assert not tenant_db.engines.storage_exists(slug, server=second_server)


def test_while_frozen_reads_work_and_writes_get_the_maintenance_page(app_ctx, tenant_on_default, second_server,
                                                                     client) -> None:
    slug = tenant_on_default.slug
    with pytest.raises(Stop):
        moves.move_tenant(slug, second_server, pause=stop_at("move-copy:start"))
    tenant = tenant_registry().by_slug(slug)
    assert tenant.read_only and tenant.database_server == DEFAULT_SERVER
    assert len(moves.frozen_tables(slug, DEFAULT_SERVER)) > 5
    page = get(client, tenant.primary_host, "/pengumuman/")
    assert page.status_code == 200 and "Pengumuman 25" in page.get_data(as_text=True)
    token = csrf_token(get(client, tenant.primary_host, "/masuk").get_data(as_text=True))
    form = {"email": "warga@contoh.id", "password": "rahasia-sekali", "csrf_token": token}
    refused = client.post("/masuk", headers={"Host": tenant.primary_host}, data=form)
    assert refused.status_code == 503 and refused.headers["Retry-After"] == "60"
    assert "Sedang pemeliharaan, kembali sebentar lagi" in refused.get_data(as_text=True)
    refresh()  # the requests share this test's app context, where the language is cached
    g.pop("kiblat_translations", None)
    client.set_cookie("lang", "en", domain=tenant.primary_host)
    english = client.post("/masuk", base_url=f"http://{tenant.primary_host}", data=form)
    assert "Under maintenance, back in a moment" in english.get_data(as_text=True)
    tenant_db.close_sessions()
    # A worker that has not yet seen the flag still cannot write: the schema itself refuses.
    with tenant_context(tenant):
        with pytest.raises(Exception) as refused_write:  # noqa: PT011 - the driver's error, wrapped
            pengumuman.publish("Tidak boleh", "Ditulis saat dibekukan.", "umum")
        tenant_db.close_sessions()
    assert is_read_only_error(refused_write.value)
    refresh()
    g.pop("kiblat_translations", None)
    with app_ctx.test_request_context("/pengumuman/", method="POST", headers={"Host": tenant.primary_host}):
        response = errors._unexpected_error(refused_write.value)
        assert response.status_code == 503
        assert "Sedang pemeliharaan" in response.get_data(as_text=True)
    moves.move_tenant(slug, second_server)
    assert titles(slug)[-1] == "Pengumuman 25"


def test_a_copy_that_does_not_verify_is_never_switched_to(app_ctx, tenant_on_default, second_server) -> None:
    slug = tenant_on_default.slug
    with pytest.raises(Stop):
        moves.move_tenant(slug, second_server, pause=stop_at("move-verify:start"))
    schema = schema_name_for(slug)
    with tenant_db.engines.server_engine(second_server).begin() as conn:
        conn.execute(text(f'UPDATE "{schema}".pengumuman_announcement SET title = \'Diubah\' WHERE id = 3'))
    with pytest.raises(moves.MoveError, match="tidak sama") as error:
        moves.move_tenant(slug, second_server)
    assert "pengumuman_announcement" in str(error.value)
    assert servers.server_for(slug) == DEFAULT_SERVER
    assert tenant_registry().by_slug(slug).read_only
    assert tenant_db.engines.storage_exists(slug, server=DEFAULT_SERVER)
    assert moves.unfinished_move(slug).status == "failed"
    # The rerun copies again, verifies and switches.
    moves.move_tenant(slug, second_server)
    assert servers.server_for(slug) == second_server
    assert "Diubah" not in titles(slug)


def test_abort_before_the_switch_leaves_the_tenant_where_it_was(app_ctx, tenant_on_default, second_server) -> None:
    slug = tenant_on_default.slug
    with pytest.raises(Stop):
        moves.move_tenant(slug, second_server, pause=stop_at("move-switch:start"))
    with pytest.raises(moves.MoveError, match="belum selesai"):
        moves.move_tenant(slug, "lain")
    moves.abort_move(slug)
    assert not tenant_registry().by_slug(slug).read_only
    assert moves.frozen_tables(slug, DEFAULT_SERVER) == []
    assert not tenant_db.engines.storage_exists(slug, server=second_server)
    with tenant_context(tenant_registry().by_slug(slug)):
        pengumuman.publish("Setelah batal", "Tenant dapat ditulis lagi.", "umum")
        tenant_db.close_sessions()
    with pytest.raises(moves.MoveError, match="tidak sedang dipindahkan"):
        moves.abort_move(slug)


def _assert_nothing_started(slug: str) -> None:
    assert db.session.scalar(select(func.count()).select_from(TenantMove).where(TenantMove.tenant_slug == slug)) == 0
    tenant = tenant_registry().by_slug(slug)
    assert not tenant.read_only and tenant.database_server == DEFAULT_SERVER
    assert moves.frozen_tables(slug, DEFAULT_SERVER) == []


def test_bad_targets_are_refused_before_anything_changes(app_ctx, tenant_on_default, second_server) -> None:
    slug = tenant_on_default.slug
    with pytest.raises(moves.MoveError, match="tidak terdaftar"):
        moves.move_tenant(slug, "tidakada")
    with pytest.raises(moves.MoveError, match="sudah berada"):
        moves.move_tenant(slug, DEFAULT_SERVER)
    with pytest.raises(moves.MoveError, match="tidak ditemukan"):
        moves.move_tenant("tidakada", second_server)
    if servers.get_server(second_server).tenants == 0:  # a full server needs one tenant at least
        provision_now({"region": free_region(), "database_server": second_server}, require_admin=False)
    for change, message in (({"status": "closed"}, "ditutup"), ({"status": "draining"}, "dikosongkan"),
                            ({"capacity": servers.get_server(second_server).tenants}, "penuh")):
        servers.update_server(second_server, **change)
        try:
            with pytest.raises(moves.MoveError, match=message):
                moves.move_tenant(slug, second_server)
        finally:
            servers.update_server(second_server, capacity=None, status="open")
    # A server that was reachable when added and is down now.
    db.session.add(DatabaseServer(name="padam", url="postgresql+psycopg://postgres@127.0.0.1:1/none",
                                  status=ServerStatus.OPEN))
    db.session.commit()
    try:
        with pytest.raises(moves.MoveError, match="tidak dapat dihubungi"):
            moves.move_tenant(slug, "padam")
    finally:
        db.session.delete(db.session.get(DatabaseServer, "padam"))
        db.session.commit()
    _assert_nothing_started(slug)


def test_sqlite_has_nowhere_to_move(app_ctx, backend, make_tenant) -> None:
    if backend != "sqlite":
        pytest.skip("the PostgreSQL moves are tested above")
    tenant = make_tenant()
    with pytest.raises(moves.MoveError, match="hanya untuk deployment PostgreSQL"):
        moves.move_tenant(tenant.slug, "kedua")


def test_console_shows_both_servers_and_an_unfinished_move(app, tenant_on_default, second_server) -> None:
    from tests.console.helpers import BASE, signed_in_staff

    slug = tenant_on_default.slug
    with app.app_context(), pytest.raises(Stop):
        moves.move_tenant(slug, second_server, pause=stop_at("move-verify:start"))
    client = signed_in_staff(app)
    html = client.get("/staff/konsol/server-basis-data", base_url=BASE).get_data(as_text=True)
    assert f'data-server="{second_server}"' in html
    assert f"{slug}</a>: {DEFAULT_SERVER} → {second_server}" in html
    detail = client.get(f"/staff/konsol/daerah/{slug}", base_url=BASE).get_data(as_text=True)
    assert "sedang dipindahkan: hanya baca" in detail
    with app.app_context():
        moves.move_tenant(slug, second_server)
    html = client.get("/staff/konsol/server-basis-data", base_url=BASE).get_data(as_text=True)
    assert slug in html.split(f'id="server-{second_server}"', 1)[1]
    assert "Pemindahan belum selesai" not in html
