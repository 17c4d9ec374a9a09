"""Runs Alembic for the control plane and for tenants.

Tenant upgrades compare the revisions recorded in the control plane with the script
heads first, so a fleet with nothing pending costs one query, not one Alembic run
(or even one connection) per tenant.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from itertools import zip_longest
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from sqlalchemy import Connection, Engine, create_engine, insert, select, update

from kiblat.migrations import heads as scripts
from kiblat.migrations.heads import CONTROL_VERSIONS, CORE_BRANCH, MIGRATIONS_DIR, join_locations
from kiblat.migrations.rendered import enter_schema, rendered_upgrade, version_rows
from kiblat.platform.core.extensions import db
from kiblat.tenants.context import schema_name_for
from kiblat.tenants.database import close_all_connections, create_sqlite_engine, tenant_db
from kiblat.tenants.models import (
    DEFAULT_SERVER,
    ModuleEnablement,
    Tenant,
    TenantRevision,
    TenantStatus,
)
from kiblat.tenants.servers import server_for

# Tenant migrations on PostgreSQL run as rendered scripts (``rendered.py``); off only in the test
# that proves both ways build the same schema.
RENDER_POSTGRESQL_MIGRATIONS = True


def _module_registry():
    return current_app.extensions["kiblat_modules"]


# Configurations ------------------------------------------------------------------
def control_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR / "control"))
    cfg.set_main_option("version_locations", str(CONTROL_VERSIONS))
    cfg.set_main_option("path_separator", "os")
    return cfg


def tenant_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR / "tenant"))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", join_locations(scripts.tenant_version_locations(_module_registry())))
    return cfg


@cache
def _tenant_script(locations: str) -> ScriptDirectory:
    """The tenant revisions of these version locations, parsed once per process (Alembic's
    ``command.upgrade`` reads and compiles every revision file again on each call, which was
    most of the time a new tenant spent in migrations)."""
    return ScriptDirectory.from_config(tenant_config())


def _upgrade_tenant_to(cfg: Config, destination: str) -> None:
    """``alembic.command.upgrade(cfg, destination)`` with the cached script directory: the same
    environment context and upgrade function the command builds, minus the re-parse."""
    script = _tenant_script(cfg.get_main_option("version_locations"))

    def upgrade_revisions(revision, context):  # noqa: ANN001, ANN202, ARG001
        return script._upgrade_revs(destination, revision)  # noqa: SLF001 - what command.upgrade calls

    with EnvironmentContext(cfg, script, fn=upgrade_revisions, as_sql=False, starting_rev=None,
                            destination_rev=destination, tag=None):
        script.run_env()


@cache
def _tenant_heads_cached(locations: str) -> dict[str, str]:
    script = _tenant_script(locations)
    labels = {label for rev in script.walk_revisions() for label in rev.branch_labels}
    return {label: script.get_revision(f"{label}@head").revision for label in labels}


def tenant_heads() -> dict[str, str]:
    """Head revision of every tenant migration branch: ``{"core": ..., "<module key>": ...}``."""
    return _tenant_heads_cached(tenant_config().get_main_option("version_locations"))


# Control plane -------------------------------------------------------------------
@contextmanager
def migration_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction to migrate in. On SQLite, foreign keys are off while it runs: a batch
    migration rebuilds a table (copy, drop, rename), and dropping the old table with foreign keys
    on would cascade-delete every row pointing at it (a tenant's domains, branding, modules).
    Integrity is checked before committing instead."""
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")  # a no-op inside a transaction
            conn.commit()
        try:
            with conn.begin():
                yield conn
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration left rows pointing at nothing: {broken[:5]}")
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def upgrade_control_plane() -> None:
    cfg = control_config()
    with migration_transaction(db.engine) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


# Tenants -------------------------------------------------------------------------
def required_branches(tenant_id: int) -> list[str]:
    modules = db.session.scalars(
        select(ModuleEnablement.module_key).where(
            ModuleEnablement.tenant_id == tenant_id, ModuleEnablement.enabled.is_(True)
        )
    ).all()
    return [CORE_BRANCH, *_module_registry().dependency_order(set(modules))]


def recorded_revisions(tenant_id: int) -> dict[str, str]:
    rows = db.session.execute(
        select(TenantRevision.branch, TenantRevision.revision).where(
            TenantRevision.tenant_id == tenant_id
        )
    )
    return dict(rows.all())


def upgrade_tenant(slug: str, branches: Iterable[str]) -> dict[str, str]:
    """Upgrade one tenant's schema/file to the head of each branch and record it."""
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        raise LookupError(f"tenant {slug!r} does not exist")
    heads = tenant_heads()
    branches = list(dict.fromkeys(branches))
    missing = [b for b in branches if b not in heads]
    if missing:
        raise LookupError(f"no migrations for branch(es) {', '.join(missing)}")
    recorded = recorded_revisions(tenant.id)
    pending = [b for b in branches if recorded.get(b) != heads[b]]
    if not pending:
        return {b: heads[b] for b in branches}

    engines = tenant_db.engines
    # The tenant row names its server: no second control-plane query for it.
    with migration_transaction(engines.engine_for(slug, tenant.database_server)) as conn:
        _upgrade_in(conn, schema_name_for(slug) if engines.is_postgresql else None, pending)
    _record_revisions(tenant.id, {b: heads[b] for b in pending}, recorded)
    return {b: heads[b] for b in branches}


def create_migrated_schema(server_engine: Engine, schema: str, branches: Iterable[str]) -> None:
    """PostgreSQL: create ``schema`` with every branch in ``branches`` at its head, in one
    transaction (no other session sees the schema before it is complete). For schemas made
    ahead of any tenant (``provisioning/spares.py``): the migrations do not depend on which
    tenant the schema will belong to."""
    with migration_transaction(server_engine) as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {conn.dialect.identifier_preparer.quote_identifier(schema)}")
        _upgrade_in(conn, schema, list(dict.fromkeys(branches)))


def _upgrade_in(conn: Connection, schema: str | None, branches: list[str]) -> None:
    """Upgrade ``branches`` to their heads on ``conn`` (in its transaction): on PostgreSQL in
    ``schema``, rendered; on SQLite in the connection's file."""
    cfg = tenant_config()
    versions: tuple[str, ...] = ()
    if schema is not None:
        cfg.attributes["schema"] = schema
        # Scoped to this transaction (SET LOCAL): ops Alembic renders as raw SQL find the
        # tenant's tables. The same round trip reads whether the schema has a version table.
        versions = enter_schema(conn, schema)
    cfg.attributes["connection"] = conn
    if schema is not None and RENDER_POSTGRESQL_MIGRATIONS:
        _upgrade_rendered(conn, cfg, branches, versions)
    else:
        for branch in branches:
            _upgrade_tenant_to(cfg, f"{branch}@head")


def _upgrade_rendered(conn: Connection, cfg: Config, branches: list[str], heads: tuple[str, ...]) -> None:
    """Upgrade ``branches`` in order, revision by revision, from the version table rows ``heads``:
    consecutive revisions that render (see ``rendered.py``) go to the server as one script; one
    that needs a live database runs online in between, in the same transaction."""
    script = _tenant_script(cfg.get_main_option("version_locations"))
    batch: list[str] = []
    for branch in branches:
        targets = [step.revision.revision for step in script._upgrade_revs(f"{branch}@head", heads)]  # noqa: SLF001
        for target in targets:
            upgrade = rendered_upgrade(script, conn.dialect, heads, target)
            if upgrade is not None:
                batch.append(upgrade.sql)
                heads = upgrade.heads
                continue
            if batch:
                conn.exec_driver_sql("\n".join(batch))
                batch = []
            _upgrade_tenant_to(cfg, target)
            heads = version_rows(conn)  # the online run has made the table if it was missing
    if batch:
        conn.exec_driver_sql("\n".join(batch))


def _record_revisions(tenant_id: int, revisions: dict[str, str], recorded: dict[str, str]) -> None:
    """Record the branches' new revisions; ``recorded`` is what the tenant's rows said before
    the upgrade (read at its start), so the rows are not read again."""
    new = [{"tenant_id": tenant_id, "branch": b, "revision": r} for b, r in revisions.items() if b not in recorded]
    for branch, revision in revisions.items():
        if branch in recorded:
            db.session.execute(update(TenantRevision)
                               .where(TenantRevision.tenant_id == tenant_id, TenantRevision.branch == branch)
                               .values(revision=revision))
    if new:
        db.session.execute(insert(TenantRevision), new)
    db.session.commit()


@dataclass
class TenantUpgradeResult:
    slug: str
    status: str  # "skipped" | "upgraded" | "failed"
    seconds: float = 0.0
    error: str = ""
    server: str = ""  # the database server the tenant is on


@dataclass
class FleetUpgradeSummary:
    results: list[TenantUpgradeResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> list[TenantUpgradeResult]:
        return [r for r in self.results if r.status == "failed"]


def pending_tenants(slugs: Iterable[str] | None = None) -> tuple[list[str], list[str]]:
    """Split tenants into (pending, up to date) using only the control plane."""
    heads = tenant_heads()
    registry = _module_registry()
    tenants = db.session.execute(
        select(Tenant.id, Tenant.slug).where(Tenant.status != TenantStatus.PROVISIONING)
    ).all()
    wanted = set(slugs) if slugs is not None else None
    modules: dict[int, set[str]] = {}
    for tenant_id, key in db.session.execute(
        select(ModuleEnablement.tenant_id, ModuleEnablement.module_key).where(
            ModuleEnablement.enabled.is_(True)
        )
    ):
        modules.setdefault(tenant_id, set()).add(key)
    revisions: dict[int, dict[str, str]] = {}
    for tenant_id, branch, revision in db.session.execute(
        select(TenantRevision.tenant_id, TenantRevision.branch, TenantRevision.revision)
    ):
        revisions.setdefault(tenant_id, {})[branch] = revision
    pending, current = [], []
    for tenant_id, slug in tenants:
        if wanted is not None and slug not in wanted:
            continue
        branches = [
            CORE_BRANCH,
            *registry.dependency_order(modules.get(tenant_id, set()) & set(registry.keys())),
        ]
        recorded = revisions.get(tenant_id, {})
        (pending if any(recorded.get(b) != heads.get(b) for b in branches) else current).append(
            slug
        )
    return sorted(pending), sorted(current)


def _upgrade_one(slug: str) -> TenantUpgradeResult:
    started = time.perf_counter()
    server = server_for(slug)
    try:
        tenant_id = db.session.scalar(select(Tenant.id).where(Tenant.slug == slug))
        upgrade_tenant(slug, required_branches(tenant_id))
        return TenantUpgradeResult(slug, "upgraded", time.perf_counter() - started, server=server)
    except Exception as exc:  # one broken tenant must not stop the fleet
        db.session.rollback()
        return TenantUpgradeResult(
            slug, "failed", time.perf_counter() - started, f"{type(exc).__name__}: {exc}", server
        )


def _interleave_by_server(slugs: list[str]) -> tuple[list[str], int]:
    """The slugs in turns, one of each database server's at a time (so parallel workers keep
    every server busy), and how many servers they are on."""
    servers = dict(db.session.execute(select(Tenant.slug, Tenant.database_server).where(Tenant.slug.in_(slugs))).all())
    queues: dict[str, list[str]] = {}
    for slug in slugs:
        queues.setdefault(servers.get(slug, DEFAULT_SERVER), []).append(slug)
    ordered = [slug for turn in zip_longest(*queues.values()) for slug in turn if slug is not None]
    return ordered, len(queues)


# The app a forked worker process builds once (with the factory it was handed) and reuses.
_worker_app = None

AppFactory = Callable[[dict], Flask]


def _worker_init(app_factory: AppFactory, environ: dict) -> None:
    global _worker_app
    _worker_app = app_factory(environ)


def _worker_upgrade(slug: str) -> TenantUpgradeResult:
    with _worker_app.app_context():
        return _upgrade_one(slug)


def upgrade_all_tenants(
    jobs: int = 1,
    slugs: Iterable[str] | None = None,
    progress: Callable[[int, int, TenantUpgradeResult], None] | None = None,
    app_factory: AppFactory | None = None,
) -> FleetUpgradeSummary:
    """Upgrade every (or the given) tenant; failures are collected, never fatal to the rest.

    With ``jobs > 1`` each worker process builds its own app by calling ``app_factory`` with
    the ``KIBLAT_*`` variables (the caller, which sits above migrations, supplies it).
    """
    pending, current = pending_tenants(slugs)
    summary = FleetUpgradeSummary([TenantUpgradeResult(slug, "skipped") for slug in current])
    total = len(pending)
    if not pending:
        return summary
    pending, server_count = _interleave_by_server(pending)
    if server_count > 1 and app_factory is not None:
        # At least one worker per database server: each server migrates its own tenants at once.
        jobs = max(jobs, server_count)
    if jobs <= 1 or total == 1:
        for index, slug in enumerate(pending, 1):
            result = _upgrade_one(slug)
            summary.results.append(result)
            if progress:
                progress(index, total, result)
        return summary
    if app_factory is None:
        raise ValueError("upgrading tenants in parallel needs an app_factory for the worker processes")
    # Alembic's ``op``/``context`` proxies are process-global, so parallel work uses processes.
    environ = dict(current_app.config["KIBLAT_SOURCE_ENV"])
    context = multiprocessing.get_context("fork")
    close_all_connections()
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_worker_init, initargs=(app_factory, environ)
    ) as pool:
        futures = {pool.submit(_worker_upgrade, slug): slug for slug in pending}
        for index, future in enumerate(as_completed(futures), 1):
            try:
                result = future.result()
            except Exception as exc:  # the worker process itself died
                result = TenantUpgradeResult(
                    futures[future], "failed", 0.0, f"{type(exc).__name__}: {exc}"
                )
            summary.results.append(result)
            if progress:
                progress(index, total, result)
    return summary


# Writing new revisions ------------------------------------------------------------
def new_revision(message: str, module_key: str | None = None, autogenerate: bool = True,
                 into: Path | None = None) -> str:
    """Autogenerate a revision against a scratch SQLite database upgraded to head.

    ``module_key=None`` writes a control-plane revision; otherwise one on the module's
    own branch, in ``modules/<key>/migrations``, comparing only the module's tables.
    ``into`` writes a module's revision to another folder instead (to review it before it
    joins the tree, where every running migration would see it at once).
    """
    with tempfile.TemporaryDirectory() as scratch:
        if module_key is None:
            cfg = control_config()
            script = ScriptDirectory.from_config(cfg)
            engine = create_engine(f"sqlite:///{os.path.join(scratch, 'control.sqlite3')}")
            rev_id = f"control_{len(list(script.walk_revisions())) + 1:04d}"
            kwargs: dict = {}
            with engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                script_obj = command.revision(
                    cfg, message, autogenerate=autogenerate, rev_id=rev_id, **kwargs
                )
            return script_obj.path
        manifest = _module_registry().get(module_key)
        cfg = tenant_config()
        script = ScriptDirectory.from_config(cfg)
        engine = create_sqlite_engine(os.path.join(scratch, "tenant.sqlite3"))
        branch_revisions = []
        labels = {label for rev in script.walk_revisions() for label in rev.branch_labels}
        if module_key in labels:
            branch_revisions = list(script.iterate_revisions(f"{module_key}@head", "base"))
            branch_revisions = [
                r for r in branch_revisions if module_key in _labels_of_branch(script, r.revision)
            ]
        rev_id = f"{module_key}_{len(branch_revisions) + 1:04d}"
        version_path = into or manifest.path / "migrations"
        version_path.mkdir(exist_ok=True)
        if into is not None:
            locations = cfg.get_main_option("version_locations")
            cfg.set_main_option("version_locations", join_locations([locations, str(into)]))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            cfg.attributes["table_prefix"] = manifest.table_prefix
            for label in sorted(labels):
                command.upgrade(cfg, f"{label}@head")
            if module_key in labels:
                kwargs = {"head": f"{module_key}@head", "version_path": str(version_path)}
            else:
                kwargs = {
                    "head": "base",
                    "branch_label": module_key,
                    "version_path": str(version_path),
                    "depends_on": script.get_revision(f"{CORE_BRANCH}@head").revision,
                }
            script_obj = command.revision(
                cfg, message, autogenerate=autogenerate, rev_id=rev_id, **kwargs
            )
        return script_obj.path


def _labels_of_branch(script: ScriptDirectory, revision_id: str) -> set[str]:
    labels: set[str] = set()
    rev = script.get_revision(revision_id)
    while rev is not None:
        labels |= set(rev.branch_labels)
        down = rev.down_revision
        rev = script.get_revision(down) if isinstance(down, str) else None
    return labels
