"""What provisioning asks of the databases, counted rather than timed: on PostgreSQL each statement
is a round trip to the server, and those round trips (not Python) were most of a run's time.

The bounds follow from the design: reading one tenant afresh is one statement; telling the other
processes a tenant changed is one statement; a run never reloads the whole fleet's tenants; a new
tenant's schema is migrated in two statements (point the transaction at the schema while reading
its version table, then one rendered script)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from kiblat.migrations import runner
from kiblat.platform.core.extensions import db
from kiblat.provisioning import deprovision
from kiblat.provisioning.run import provision_now, run_progress
from kiblat.provisioning.steps import STEP_NAMES
from kiblat.tenants import registry as registry_module
from kiblat.tenants import services
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry


@contextmanager
def counted() -> Iterator[list[str]]:
    """The statements every engine sends meanwhile (SQLite's explicit BEGIN left out: on
    PostgreSQL the driver opens the transaction itself, unseen here)."""
    statements: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001, ARG001
        if statement.strip().upper() != "BEGIN":
            statements.append(statement)

    event.listen(Engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(Engine, "before_cursor_execute", note)


def test_reading_one_tenant_afresh_is_one_statement(app_ctx, make_tenant):
    tenant = make_tenant(modules=("pengumuman",))
    services.add_domain(tenant.slug, f"portal.{tenant.slug}.example.id")  # two hosts, one module
    with counted() as statements:
        fresh = tenant_registry().fresh(tenant.slug)
    assert len(statements) == 1, statements
    tenant_registry().clear()
    assert fresh == tenant_registry().by_slug(tenant.slug)  # what the whole-fleet load builds
    assert tenant_registry().by_host(f"portal.{tenant.slug}.example.id") == fresh
    assert tenant_registry().fresh("no-such-regency") is None


def test_telling_other_processes_of_a_change_is_one_statement(app_ctx, make_tenant):
    tenant = make_tenant(modules=())
    before = tenant_registry().version
    tenant_registry().clear()  # no snapshot here: only the shared counter moves
    with counted() as statements:
        tenant_registry().changed(tenant.slug)
    assert len(statements) == 1, statements
    assert tenant_registry().version == before + 1


def test_a_run_reads_its_own_tenant_and_never_reloads_the_fleet(app_ctx, make_spec, monkeypatch):
    full_loads, fresh_reads = [], []
    load_all, fresh = registry_module._load_all, registry_module.TenantRegistry.fresh
    monkeypatch.setattr(registry_module, "_load_all", lambda: full_loads.append(1) or load_all())
    monkeypatch.setattr(registry_module.TenantRegistry, "fresh",
                        lambda self, slug: fresh_reads.append(slug) or fresh(self, slug))
    spec = make_spec(modules={"sri_deli": {}, "jumpa_madu": {}})
    provision_now(spec)
    assert full_loads == []
    # Entering the tenant to load its regions and to invite its users, and per module its seed
    # and the audit entry of enabling it, plus the audit entry of its branding: 3 + 2 per module.
    assert 0 < len(fresh_reads) <= 3 + 2 * 2
    assert set(fresh_reads) == {spec["slug"]}


def test_a_new_schema_is_migrated_in_two_statements_on_postgresql(app_ctx, make_spec):
    if not tenant_db.engines.is_postgresql:
        pytest.skip("SQLite runs every revision online")
    spec = make_spec(modules={})
    services.register_tenant(spec["slug"], spec["region"], "Kabupaten Uji", "Uji", "Asia/Jakarta")
    tenant_db.engines.create_storage(spec["slug"])
    try:
        with counted() as statements:
            runner.upgrade_tenant(spec["slug"], [runner.CORE_BRANCH])
        tenant_side = [s for s in statements if "set_config('search_path'" in s or "CREATE TABLE" in s]
        assert len(tenant_side) == 2, tenant_side
        # The control plane: the tenant row, its recorded revisions, the new one recorded.
        assert len(statements) - len(tenant_side) <= 3, statements
    finally:
        db.session.rollback()
        deprovision.archive_tenant(spec["slug"])
        deprovision.delete_tenant(spec["slug"], confirm=spec["slug"])


def test_the_journal_writes_each_commit_in_one_statement_on_postgresql(app_ctx, make_spec):
    if not tenant_db.engines.is_postgresql:
        pytest.skip("SQLite sends the journal's writes one by one (no round trips to save)")
    with counted() as statements:
        run = provision_now(make_spec(modules={}))
    writes = [s for s in statements if "provisioning_" in s and not s.lstrip().upper().startswith("SELECT")]
    # The run itself, then each step's start (with the previous step's end), then the run's end.
    assert len(writes) == 1 + len(STEP_NAMES) + 1, writes
    progress = run_progress(run.id)
    assert progress["status"] == "succeeded" and progress["current_step"] is None
    assert all(step["status"] in ("done", "unchanged") for step in progress["steps"])
