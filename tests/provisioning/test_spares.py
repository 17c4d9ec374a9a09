"""Spare schemas (``provisioning/spares.py``): migrated ahead by a running worker on PostgreSQL,
renamed into a new regency's schema when its modules match exactly."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from kiblat.migrations.runner import CORE_BRANCH, recorded_revisions, tenant_heads
from kiblat.modules.pengumuman import api as pengumuman
from kiblat.modules.pengumuman.models import Announcement
from kiblat.platform.core.extensions import db
from kiblat.provisioning import deprovision, handoff, spares
from kiblat.provisioning.models import ProvisioningRun, ProvisioningStep
from kiblat.provisioning.request_watcher import RequestWatcher
from kiblat.provisioning.run import provision_now
from kiblat.tenants.context import schema_name_for, tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import DEFAULT_SERVER, Tenant
from kiblat.tenants.registry import tenant_registry


@pytest.fixture
def postgresql(backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("spare schemas exist on PostgreSQL only (see the SQLite test below)")


@pytest.fixture
def no_spares(app_ctx: Flask, postgresql: None) -> Iterator[None]:
    spares.drop_all(DEFAULT_SERVER)
    yield
    spares.drop_all(DEFAULT_SERVER)


def spare_names(branches: list[str] | None = None) -> list[str]:
    digest = spares.digest(branches) if branches else ""
    with tenant_db.engines.server_engine(DEFAULT_SERVER).connect() as conn:
        return [n for n in conn.scalars(text("SELECT nspname FROM pg_namespace ORDER BY nspname"))
                if n.startswith(spares.PREFIX + digest)]


def schema_exists(name: str) -> bool:
    with tenant_db.engines.server_engine(DEFAULT_SERVER).connect() as conn:
        return bool(conn.scalar(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": name}))


def announcements() -> int:
    return tenant_db.session.scalar(select(func.count()).select_from(Announcement))


def storage_step(run_id: str) -> list[str]:
    return db.session.scalar(select(ProvisioningStep.changes).where(
        ProvisioningStep.run_id == run_id, ProvisioningStep.name == "create_storage"))


def delete(slug: str) -> None:
    tenant_db.close_sessions()  # a session still in its transaction would keep the schema locked
    db.session.rollback()
    deprovision.archive_tenant(slug)
    deprovision.delete_tenant(slug, confirm=slug)


def test_a_creation_takes_a_ready_spare_and_the_regency_works(app_ctx: Flask, no_spares: None,
                                                              make_spec: Callable[..., dict]):
    spec = make_spec()
    branches = spares.branches_for(spec["modules"])
    assert branches == [CORE_BRANCH, "pengumuman"]
    assert spares.replenish(DEFAULT_SERVER, branches, 1) == 1
    assert spares.replenish(DEFAULT_SERVER, branches, 1) == 0  # one is ready already
    (spare,) = spare_names(branches)

    run = provision_now(spec)

    assert run.status == "succeeded"
    assert storage_step(run.id) == ["pakai skema cadangan yang sudah dimigrasikan sebagai skema basis data tenant"]
    assert not schema_exists(spare) and spare_names() == []
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == run.tenant_slug))
    heads = tenant_heads()
    assert recorded_revisions(tenant.id) == {CORE_BRANCH: heads[CORE_BRANCH], "pengumuman": heads["pengumuman"]}
    with tenant_context(tenant_registry().by_slug(run.tenant_slug)):
        assert announcements() == 0  # a spare holds tables, never rows of another regency
        pengumuman.publish("Posyandu", "Posyandu bulan ini di balai desa.")
        assert announcements() == 1
    with tenant_db.engines.server_engine(DEFAULT_SERVER).connect() as conn:
        versions = set(conn.scalars(text(f'SELECT version_num FROM "{schema_name_for(run.tenant_slug)}".alembic_version')))
    assert versions == {heads[CORE_BRANCH], heads["pengumuman"]}

    # With no spare left, the next regency is built as before.
    second = provision_now(make_spec())
    assert storage_step(second.id) == ["buat skema/berkas basis data tenant"]
    with tenant_context(tenant_registry().by_slug(second.tenant_slug)):
        assert announcements() == 0
    delete(run.tenant_slug)
    delete(second.tenant_slug)


def test_a_spare_of_other_modules_is_left_and_one_of_old_revisions_is_dropped(
        app_ctx: Flask, no_spares: None, make_spec: Callable[..., dict]):
    assert spares.replenish(DEFAULT_SERVER, [CORE_BRANCH], 1) == 1
    (core_only,) = spare_names([CORE_BRANCH])

    run = provision_now(make_spec())  # with Pengumuman: another kind of regency

    assert storage_step(run.id) == ["buat skema/berkas basis data tenant"]
    assert spare_names() == [core_only]
    assert spares.drop_stale(DEFAULT_SERVER) == []

    # A deployment with new core migrations: the spare's version is no longer a head.
    with tenant_db.engines.server_engine(DEFAULT_SERVER).begin() as conn:
        conn.execute(text(f'UPDATE "{core_only}".alembic_version SET version_num = :v'), {"v": "core_0001"})
    assert spares.drop_stale(DEFAULT_SERVER) == [core_only]
    assert spare_names() == []
    delete(run.tenant_slug)


def test_one_spare_is_taken_once(app_ctx: Flask, no_spares: None):
    branches = [CORE_BRANCH]
    spares.replenish(DEFAULT_SERVER, branches, 1)
    try:
        assert spares.take("sparea", DEFAULT_SERVER, branches) is True
        assert spares.take("spareb", DEFAULT_SERVER, branches) is False
        assert schema_exists(schema_name_for("sparea")) and not schema_exists(schema_name_for("spareb"))
        # A tenant whose schema exists already never takes one (nothing is renamed over it).
        spares.replenish(DEFAULT_SERVER, branches, 1)
        assert spares.take("sparea", DEFAULT_SERVER, branches) is False
        assert len(spare_names(branches)) == 1
    finally:
        with tenant_db.engines.server_engine(DEFAULT_SERVER).begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema_name_for("sparea")}" CASCADE')


def test_a_worker_keeps_spares_ready_for_the_kind_of_regency_it_created(
        app: Flask, no_spares: None, make_spec: Callable[..., dict], monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(app.config, "SPARE_SCHEMAS", 2)
    spec = make_spec(modules={"pengumuman": {}})
    branches = spares.branches_for(spec["modules"])
    watcher = RequestWatcher(app, name="spare-worker")
    watcher.start()
    try:
        conn = handoff.open_connection(app.config["SQLALCHEMY_DATABASE_URI"])
        handoff.submit(conn, spec, require_admin=True)
        conn.close()
        # Both, whatever comes first: earlier tests' regencies of the same kind are in the journal,
        # so the worker may make these spares as soon as it starts, before it takes the request.
        kind = (DEFAULT_SERVER, tuple(branches))

        def done() -> bool:
            return (run_status(app, spec["slug"]) == "succeeded" and len(spare_names(branches)) == 2
                    and watcher.spare_kinds()[-1:] == [kind])

        deadline = time.monotonic() + 60
        while not done() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert run_status(app, spec["slug"]) == "succeeded"
        assert len(spare_names(branches)) == 2
        assert watcher.spare_kinds()[-1] == kind  # the kind it created last
    finally:
        watcher.stop()
    with app.app_context():
        delete(spec["slug"])


def run_status(app: Flask, slug: str) -> str | None:
    with app.app_context():
        status = db.session.scalar(select(ProvisioningRun.status).where(ProvisioningRun.tenant_slug == slug))
        db.session.rollback()  # each look sees the worker's latest commits
        return status


def test_a_worker_learns_the_kinds_of_regency_created_by_others_from_the_journal(
        app: Flask, no_spares: None, make_spec: Callable[..., dict], monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(app.config, "SPARE_SCHEMAS", 1)
    with_announcements = provision_now(make_spec())  # e.g. an onboarding job, not this worker
    bare = provision_now(make_spec(modules={}))
    watcher = RequestWatcher(app, name="not-started")
    with app.app_context():
        watcher.remember_recent_kinds()
    *_, older, newest = watcher.spare_kinds()
    assert older == (DEFAULT_SERVER, (CORE_BRANCH, "pengumuman")) and newest == (DEFAULT_SERVER, (CORE_BRANCH,))
    made = watcher.replenish_spares()
    with app.app_context():
        assert made >= 2
        assert len(spare_names([CORE_BRANCH])) == 1 and len(spare_names([CORE_BRANCH, "pengumuman"])) == 1
        delete(with_announcements.tenant_slug)
        delete(bare.tenant_slug)


def test_on_sqlite_there_are_no_spares(app_ctx: Flask, backend: str):
    if backend != "sqlite":
        pytest.skip("the PostgreSQL tests above")
    assert spares.replenish(DEFAULT_SERVER, [CORE_BRANCH], 2) == 0
    assert spares.take("nospare", DEFAULT_SERVER, [CORE_BRANCH]) is False
    assert spares.drop_stale(DEFAULT_SERVER) == [] and spares.drop_all(DEFAULT_SERVER) == 0
