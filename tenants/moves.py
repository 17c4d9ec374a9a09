"""Moving a tenant's schema to another PostgreSQL server while it keeps serving reads.

The steps, journaled in ``tenant_moves`` (each step's end is committed together with that
step's change to the control plane, so the journal never runs ahead of what happened):

1. ``freeze``  — every table of the tenant's schema on the source gets a trigger refusing writes
   (SQLSTATE ``KB001``, answered with the maintenance page), and the tenant is marked read-only
   so the app answers writes before they reach the database. Reads go on from the source.
2. ``copy``    — on the target, in ONE transaction: the schema is (re)created, migrated to the
   tenant's recorded revisions and filled with the source's rows; sequences follow. A copy killed
   half-way leaves nothing on the target.
3. ``verify``  — row count and a checksum of every table (and the migration versions) on both
   servers; a mismatch fails the move (still served, read-only, from the source), and a rerun
   copies again.
4. ``switch``  — the tenant row names the target and is writable again (one commit): from here the
   target serves it. Stale workers still routed to the source only find frozen tables there.
5. ``cleanup`` — once every worker has seen the switch, the source schema is dropped.

Before ``switch`` the control plane names the source, after it the target: a move killed
anywhere leaves the tenant served from exactly one place, and :func:`move_tenant` with the same
target continues from the journal. :func:`abort_move` undoes a move that has not switched.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from flask import current_app
from sqlalchemy import Column, Connection, MetaData, String, Table, select, text

from kiblat.migrations.runner import recorded_revisions
from kiblat.platform.core.extensions import db
from kiblat.tenants import servers
from kiblat.tenants.context import schema_name_for
from kiblat.tenants.database import READ_ONLY_SQLSTATE, tenant_db
from kiblat.tenants.models import Tenant, TenantMove, TenantStatus, utcnow
from kiblat.tenants.portability.copying import (
    VERSION_TABLE,
    advance_sequences,
    copy_rows,
    migrate_to,
    read_rows,
    typed_tables,
)
from kiblat.tenants.registry import tenant_registry

STEPS = ("freeze", "copy", "verify", "switch", "cleanup")
FREEZE = "kiblat_read_only"

Pause = Callable[[str], None]
Progress = Callable[[str, str], None]


class MoveError(ValueError):
    """A move that cannot be started or finished; the message says why, in Bahasa Indonesia."""


def _no_pause(_point: str) -> None:
    return None


def unfinished_move(slug: str) -> TenantMove | None:
    """The tenant's move that was started and neither finished nor aborted."""
    return db.session.scalar(
        select(TenantMove).where(TenantMove.tenant_slug == slug, TenantMove.status.in_(("running", "failed")))
        .order_by(TenantMove.id.desc()).limit(1)
    )


def moves_of(slug: str) -> list[TenantMove]:
    return list(db.session.scalars(select(TenantMove).where(TenantMove.tenant_slug == slug)
                                   .order_by(TenantMove.id)))


def _tenant(slug: str) -> Tenant:
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        raise MoveError(f"Tenant {slug!r} tidak ditemukan")
    return tenant


def _checked_target(tenant: Tenant, target: str) -> servers.ServerInfo:
    """Every reason the move cannot start, before anything is changed."""
    try:
        server = servers.get_server(target)
    except servers.ServerError as exc:
        raise MoveError(str(exc)) from None
    if tenant.database_server == server.name:
        raise MoveError(f"Tenant {tenant.slug!r} sudah berada di server basis data {server.name!r}")
    if tenant.status not in (TenantStatus.ACTIVE, TenantStatus.SUSPENDED):
        raise MoveError(f"Tenant {tenant.slug!r} berstatus {tenant.status}; hanya tenant aktif atau "
                        "dihentikan sementara yang dapat dipindahkan")
    try:
        servers.check_can_take(server, "pemindahan tenant")
        servers.check_reachable(server)
    except servers.ServerError as exc:
        raise MoveError(str(exc)) from None
    return server


def move_tenant(slug: str, target: str, progress: Progress | None = None, pause: Pause = _no_pause) -> TenantMove:
    """Move (or continue moving) tenant ``slug`` to server ``target``; raises MoveError."""
    if not tenant_db.engines.is_postgresql:
        raise MoveError("Pemindahan tenant antarserver hanya untuk deployment PostgreSQL")
    tenant = _tenant(slug)
    move = unfinished_move(slug)
    if move is None:
        _checked_target(tenant, target)
        move = TenantMove(tenant_slug=slug, source=tenant.database_server, target=target, status="running",
                          verified={})
        db.session.add(move)
        db.session.commit()
    elif move.target != target:
        raise MoveError(f"Pemindahan {slug!r} ke server {move.target!r} belum selesai: jalankan lagi dengan "
                        f"--to {move.target}, atau batalkan dengan --abort")
    elif move.step not in ("switch", "cleanup"):
        try:
            servers.check_reachable(servers.get_server(target))
        except servers.ServerError as exc:
            raise MoveError(str(exc)) from None
    done = STEPS.index(move.step) + 1 if move.step else 0
    for name in STEPS[done:]:
        if progress:
            progress(name, "running")
        pause(f"move-{name}:start")
        try:
            STEP_FUNCTIONS[name](move, pause)
        except MoveError as exc:
            db.session.rollback()
            _fail(move.id, str(exc))
            raise
        except Exception as exc:
            db.session.rollback()
            message = f"Langkah {name} gagal: {type(exc).__name__}: {exc}"
            _fail(move.id, message)
            raise MoveError(message) from exc
        pause(f"move-{name}:end")
        if progress:
            progress(name, "done")
    return db.session.get(TenantMove, move.id)


def _fail(move_id: int, message: str) -> None:
    move = db.session.get(TenantMove, move_id)
    move.status, move.error = "failed", message
    db.session.commit()


def _finish_step(move: TenantMove, name: str) -> None:
    move.step, move.status, move.error = name, "running", None


# Steps ----------------------------------------------------------------------------
def _freeze(move: TenantMove, _pause: Pause) -> None:
    _set_freeze(move.tenant_slug, move.source, frozen=True)
    tenant = _tenant(move.tenant_slug)
    tenant.read_only = True
    _finish_step(move, "freeze")
    db.session.commit()
    tenant_registry().changed(move.tenant_slug)


def _copy(move: TenantMove, pause: Pause) -> None:
    slug = move.tenant_slug
    tenant = _tenant(slug)
    if tenant.database_server != move.source:  # never overwrite the copy that serves
        raise MoveError(f"Tenant {slug!r} tidak lagi di server {move.source!r}; pemindahan ini tidak berlaku")
    tenant_registry().changed(slug)  # in case a killed freeze committed but never told the workers
    revisions = recorded_revisions(tenant.id)
    schema = schema_name_for(slug)
    engines = tenant_db.engines
    with engines.engine_for(slug, server=move.target).begin() as target:
        target.execute(text("SET LOCAL lock_timeout = '30s'"))
        target.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))  # a failed copy's leftovers
        target.execute(text(f'CREATE SCHEMA "{schema}"'))
        migrate_to(target, revisions, schema)
        tables = typed_tables(target, schema)
        with _snapshot(slug, move.source) as source:
            copy_rows(source, target, tables)
        advance_sequences(target, schema, tables)
        pause("move-copy:copied")
    _finish_step(move, "copy")
    db.session.commit()


def _verify(move: TenantMove, _pause: Pause) -> None:
    slug = move.tenant_slug
    engines = tenant_db.engines
    with engines.engine_for(slug, server=move.target).connect() as target:
        tables = typed_tables(target, schema_name_for(slug))
        on_target = table_digests(target, tables)
    with _snapshot(slug, move.source) as source:
        on_source = table_digests(source, tables)
    if set(on_source) != set(on_target) or any(on_source[t] != on_target[t] for t in on_source):
        differing = sorted(t for t in set(on_source) | set(on_target) if on_source.get(t) != on_target.get(t))
        move.step = "freeze"  # a rerun copies again
        move.verified = {"source": on_source, "target": on_target}
        db.session.commit()
        raise MoveError(f"Salinan di server {move.target!r} tidak sama dengan aslinya (tabel: "
                        f"{', '.join(differing)}); data tetap dilayani dari {move.source!r}. Jalankan lagi.")
    move.verified = on_source
    _finish_step(move, "verify")
    db.session.commit()


def _switch(move: TenantMove, _pause: Pause) -> None:
    tenant = _tenant(move.tenant_slug)
    tenant.database_server = move.target
    tenant.read_only = False
    _finish_step(move, "switch")
    db.session.commit()
    tenant_registry().changed(move.tenant_slug)


def _cleanup(move: TenantMove, pause: Pause) -> None:
    slug = move.tenant_slug
    tenant_registry().changed(slug)  # in case a killed switch committed but never told the workers
    # Every worker rereads the tenant list within this interval; none still reads the source after.
    time.sleep(float(current_app.config["TENANT_CACHE_CHECK_SECONDS"]))
    tenant_db.engines.drop_storage(slug, server=move.source)
    pause("move-cleanup:dropped")
    _finish_step(move, "cleanup")
    move.status, move.finished_at = "succeeded", utcnow()
    db.session.commit()


STEP_FUNCTIONS: dict[str, Callable[[TenantMove, Pause], None]] = {
    "freeze": _freeze, "copy": _copy, "verify": _verify, "switch": _switch, "cleanup": _cleanup,
}


def abort_move(slug: str) -> TenantMove:
    """Undo an unfinished move that has not switched: the source is writable again and whatever
    the target holds is dropped."""
    move = unfinished_move(slug)
    if move is None:
        raise MoveError(f"Tenant {slug!r} tidak sedang dipindahkan")
    if move.step in ("switch", "cleanup"):
        raise MoveError(f"Pemindahan {slug!r} sudah beralih ke server {move.target!r}; jalankan lagi "
                        f"kiblat tenants move {slug} --to {move.target} untuk menyelesaikannya")
    if tenant_db.engines.storage_exists(slug, server=move.target):
        tenant_db.engines.drop_storage(slug, server=move.target)
    _set_freeze(slug, move.source, frozen=False)
    tenant = _tenant(slug)
    tenant.read_only = False
    move.status, move.finished_at = "aborted", utcnow()
    db.session.commit()
    tenant_registry().changed(slug)
    return move


# Freezing, reading and comparing --------------------------------------------------
def _set_freeze(slug: str, server: str, frozen: bool) -> None:
    """Install (or remove) the write-refusing trigger on every table of the tenant's schema."""
    schema = schema_name_for(slug)
    function = f'"{schema}".{FREEZE}'
    with tenant_db.engines.server_engine(server).begin() as conn:
        # Waits for writes in flight to commit (they are then part of the copy), refuses new ones.
        conn.execute(text("SET LOCAL lock_timeout = '30s'"))
        if frozen:
            conn.execute(text(
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"RAISE EXCEPTION 'tenant % is read-only while it moves', TG_TABLE_SCHEMA "
                f"USING ERRCODE = '{READ_ONLY_SQLSTATE}'; END $$"))
        has_trigger = set(conn.scalars(text(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :s AND t.tgname = :t"),
            {"s": schema, "t": FREEZE}))
        for table in _tables_in(conn, schema):
            if frozen and table not in has_trigger:
                conn.execute(text(f'CREATE TRIGGER {FREEZE} BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE '
                                  f'ON "{schema}"."{table}" FOR EACH STATEMENT EXECUTE FUNCTION {function}()'))
            elif not frozen and table in has_trigger:
                conn.execute(text(f'DROP TRIGGER {FREEZE} ON "{schema}"."{table}"'))
        if not frozen:
            conn.execute(text(f"DROP FUNCTION IF EXISTS {function}()"))


def _tables_in(conn: Connection, schema: str) -> list[str]:
    return list(conn.scalars(text(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = :s AND table_type = 'BASE TABLE' "
        "ORDER BY table_name"), {"s": schema}))


def frozen_tables(slug: str, server: str) -> list[str]:
    """Tables of the tenant's schema on ``server`` that refuse writes (for checks and tests)."""
    with tenant_db.engines.server_engine(server).connect() as conn:
        return list(conn.scalars(text(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :s AND t.tgname = :t "
            "ORDER BY c.relname"), {"s": schema_name_for(slug), "t": FREEZE}))


class _snapshot:
    """One REPEATABLE READ transaction on the tenant's schema on ``server``."""

    def __init__(self, slug: str, server: str) -> None:
        self.engine = tenant_db.engines.engine_for(slug, server=server)

    def __enter__(self) -> Connection:
        self.conn = self.engine.connect().execution_options(isolation_level="REPEATABLE READ")
        self.conn.begin()
        return self.conn

    def __exit__(self, *_exc: object) -> None:
        self.conn.rollback()
        self.conn.close()


def table_digests(conn: Connection, tables: list[Table]) -> dict[str, list]:
    """``{table: [rows, sha256 of its rows in primary-key order]}``, migration versions included."""
    digests: dict[str, list] = {}
    for table in tables:
        digest, count = hashlib.sha256(), 0
        for rows in read_rows(conn, table):
            for row in rows:
                digest.update(repr(tuple(row[c.name] for c in table.columns)).encode())
                count += 1
        digests[table.name] = [count, digest.hexdigest()]
    versions = Table(VERSION_TABLE, MetaData(), Column("version_num", String(64), primary_key=True))
    found = sorted(conn.scalars(select(versions.c.version_num)))
    digests[VERSION_TABLE] = [len(found), hashlib.sha256(repr(found).encode()).hexdigest()]
    return digests
