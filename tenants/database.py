"""Tenant data isolation: one API for module code, two physical layouts.

* PostgreSQL: one schema per tenant (``tenant_<slug>``). Tenant tables are declared
  without a schema and every tenant session runs on the shared engine with
  ``schema_translate_map={None: schema}``, so one connection pool serves every tenant
  and no ``SET search_path`` is ever sent.
* SQLite: one database file per tenant in the instance folder.

Module code only ever uses ``tenant_db.session`` (bound to ``current_tenant``);
it never names a schema or a file.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy import Engine, MetaData, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.pool import NullPool

from kiblat.platform.core.extensions import NAMING_CONVENTION, db
from kiblat.tenants.context import TenantInfo, current_tenant, schema_name_for
from kiblat.tenants.models import DEFAULT_SERVER
from kiblat.tenants.servers import server_for, server_url

# The SQLSTATE a write to a tenant schema raises while the tenant is moved to another server
# (the move's freeze trigger on every table); the web layer answers it with the maintenance page.
READ_ONLY_SQLSTATE = "KB001"
# Schema-translated PostgreSQL engines a process keeps (see ``TenantEngines.engine_for``).
TRANSLATED_ENGINES_KEPT = 128


def is_read_only_error(error: BaseException | None) -> bool:
    """Whether ``error`` (or what caused it) is a write refused by a moving tenant's freeze."""
    seen = 0
    while error is not None and seen < 10:
        if getattr(getattr(error, "orig", None), "sqlstate", None) == READ_ONLY_SQLSTATE:
            return True
        if getattr(error, "sqlstate", None) == READ_ONLY_SQLSTATE:
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


tenant_metadata = MetaData(naming_convention=NAMING_CONVENTION)
# The modules declaring the tables every tenant has (modules add their own); imported, by name,
# before any module's models so the metadata is complete and nothing here imports them upward.
TENANT_CORE_MODEL_MODULES = ("kiblat.tenants.local_regions", "kiblat.platform.identity.models",
                             "kiblat.platform.identity.api.models",
                             "kiblat.platform.identity.oidc.models",
                             "kiblat.platform.identity.audit.models",
                             "kiblat.platform.documents.models",
                             "kiblat.platform.identity.privacy.models",
                             "kiblat.platform.survey.models",
                             "kiblat.platform.payments.models")


class TenantModel(DeclarativeBase):
    """Base of every table that lives inside a tenant's own schema or file."""

    metadata = tenant_metadata


def _enable_sqlite_transactions(engine: Engine, set_wal: bool = True) -> None:
    """SQLAlchemy's documented pysqlite recipe: real BEGIN so DDL is transactional too."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if set_wal:  # persistent in the file: set when it is created, not on every request
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        conn.exec_driver_sql("BEGIN")


def create_sqlite_engine(path: Path | str) -> Engine:
    engine = create_engine(f"sqlite:///{path}", poolclass=NullPool)
    _enable_sqlite_transactions(engine)
    return engine


class TenantSession(Session):
    """A session bound to one tenant; ``info`` names the tenant and its engine registry."""


@event.listens_for(TenantSession, "after_begin")
def _count_schema_served(session: Session, _transaction, connection) -> None:  # noqa: ANN001
    session.info["engines"].note_schema_served(connection, session.info["tenant"])


# The tenant file the shared SQLite engine opens next (set only around ``connect()``).
_sqlite_target: ContextVar[Path | None] = ContextVar("kiblat_sqlite_target", default=None)


def _open_sqlite_target() -> sqlite3.Connection:
    path = _sqlite_target.get()
    if path is None:
        raise RuntimeError("tenant SQLite connections are opened through TenantEngines.open_session")
    # mode=rw: a request never creates a tenant file (a deleted tenant stays deleted).
    return sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=10, check_same_thread=False)


class TenantEngines:
    """Gives the engine (and sessions) for a tenant. One per process, kept on the Flask app.

    SQLite request sessions all go through ONE engine whose connections open the tenant's
    file: one dialect and one compiled-statement cache for every tenant, so a worker's
    memory does not grow with the number of regencies it serves. ``engine_for`` gives a
    dedicated engine per file for migrations and bulk copies.
    """

    def __init__(self, app: Flask) -> None:
        url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
        self.backend = url.get_backend_name()
        self.instance_path = Path(app.config["INSTANCE_PATH"])
        self._lock = threading.Lock()
        self._sqlite_engines: OrderedDict[str, Engine] = OrderedDict()
        self._sqlite_limit = int(app.config["SQLITE_TENANT_ENGINES"])
        self._schema_limit = int(app.config["TENANT_SCHEMAS_PER_CONNECTION"])
        self._url = url
        # One engine (and pool) per database server, made on first use; "default" is this app's own.
        self._pg_engines: dict[str, Engine] = {}
        # Schema-translated views of the server engines (they share its pool), the most recently
        # used only: one kept per tenant would grow a worker by ~1.2 KB per regency it ever
        # served, and making one again costs ~10 µs.
        self._pg_translated: OrderedDict[tuple[str, str], Engine] = OrderedDict()
        # Called with (server, engine) for each server engine made from now on (metrics watch its pool).
        self.engine_listeners: list[Callable[[str, Engine], None]] = []
        self._sqlite_shared: Engine | None = None
        if self.backend == "sqlite":
            self._sqlite_shared = create_engine("sqlite://", creator=_open_sqlite_target, poolclass=NullPool)
            _enable_sqlite_transactions(self._sqlite_shared, set_wal=False)
        if self.backend == "postgresql":
            self._pg_engines[DEFAULT_SERVER] = self._new_pg_engine(url)

    @staticmethod
    def _new_pg_engine(url: URL | str) -> Engine:
        return create_engine(url, pool_size=5, max_overflow=10, pool_pre_ping=False, future=True)

    def server_engine(self, server: str = DEFAULT_SERVER) -> Engine:
        """The untranslated engine of one database server (its pool is shared by its tenants)."""
        engine = self._pg_engines.get(server)
        if engine is None:
            url = server_url(server)  # outside the lock: a control-plane query
            with self._lock:
                engine = self._pg_engines.get(server)
                if engine is None:
                    engine = self._pg_engines[server] = self._new_pg_engine(url)
                    for listener in self.engine_listeners:
                        listener(server, engine)
        return engine

    def pooled_engines(self) -> dict[str, Engine]:
        """The server engines this process has made so far, by server name: each keeps a pool
        (none on SQLite, whose tenant engines open a file per session)."""
        return dict(self._pg_engines)

    def forget_server(self, server: str) -> None:
        """Drop the pool of a server whose URL changed (or that was removed)."""
        with self._lock:
            engine = self._pg_engines.pop(server, None) if server != DEFAULT_SERVER else None
            self._pg_translated = OrderedDict((k, v) for k, v in self._pg_translated.items() if k[0] != server)
        if engine is not None:
            engine.dispose()

    @property
    def is_postgresql(self) -> bool:
        return self.backend == "postgresql"

    def sqlite_path(self, slug: str) -> Path:
        return self.instance_path / "tenants" / f"{slug}.sqlite3"

    def engine_for(self, tenant: TenantInfo | str, server: str | None = None) -> Engine:
        """The tenant's engine: on PostgreSQL its server's engine translated to its schema. A
        ``TenantInfo`` names its server; for a bare slug it is looked up in the control plane
        unless ``server`` is given (a move names both ends)."""
        slug = tenant if isinstance(tenant, str) else tenant.slug
        if self.is_postgresql:
            if server is None:
                server = server_for(slug) if isinstance(tenant, str) else tenant.database_server
            key = (server, slug)
            engine = self._pg_translated.get(key)
            if engine is None:
                engine = self.server_engine(server).execution_options(
                    schema_translate_map={None: schema_name_for(slug)}
                )
                with self._lock:
                    self._pg_translated[key] = engine
                    while len(self._pg_translated) > TRANSLATED_ENGINES_KEPT:
                        self._pg_translated.popitem(last=False)
            else:
                with self._lock:
                    if key in self._pg_translated:
                        self._pg_translated.move_to_end(key)
            return engine
        with self._lock:
            engine = self._sqlite_engines.get(slug)
            if engine is not None:
                self._sqlite_engines.move_to_end(slug)
                return engine
            path = self.sqlite_path(slug)
            path.parent.mkdir(parents=True, exist_ok=True)
            engine = create_sqlite_engine(path)
            self._sqlite_engines[slug] = engine
            while len(self._sqlite_engines) > self._sqlite_limit:
                _, evicted = self._sqlite_engines.popitem(last=False)
                evicted.dispose()
            return engine

    def open_session(self, tenant: TenantInfo) -> TenantSession:
        """A new session on the tenant's data; close it with :func:`close_session`."""
        info = {"tenant": tenant.slug, "engines": self}
        if self.is_postgresql:
            return TenantSession(bind=self.engine_for(tenant), info=info)
        token = _sqlite_target.set(self.sqlite_path(tenant.slug))
        try:
            # Bound to an open connection, so the file is fixed now, whatever runs later.
            connection = self._sqlite_shared.connect()
        finally:
            _sqlite_target.reset(token)
        info["connection"] = connection
        return TenantSession(bind=connection, info=info)

    @staticmethod
    def close_session(session: Session) -> None:
        session.close()
        connection = session.info.get("connection")
        if connection is not None:
            connection.close()

    def note_schema_served(self, connection, slug: str) -> None:  # noqa: ANN001
        """Recycle a pooled PostgreSQL connection once it has served many tenant schemas.

        PostgreSQL caches catalog entries per backend for every table it touched, so one
        connection that visits every tenant grows without bound; soft invalidation closes
        it on its next checkout instead.
        """
        if not self.is_postgresql:
            return
        pooled = connection.connection
        served = pooled.info.setdefault("kiblat_schemas", set())
        served.add(slug)
        if len(served) > self._schema_limit:
            pooled.invalidate(soft=True)

    # Physical storage lifecycle -------------------------------------------------
    # On PostgreSQL ``server`` names the database server (default: where the control plane says
    # the tenant is); SQLite has one place only.
    def create_storage(self, slug: str, server: str | None = None) -> None:
        if self.is_postgresql:
            with self.server_engine(server or server_for(slug)).begin() as conn:
                conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema_name_for(slug)}"'))
        else:
            self.engine_for(slug)
            with self.engine_for(slug).begin() as conn:
                conn.execute(text("SELECT 1"))

    def storage_exists(self, slug: str, server: str | None = None) -> bool:
        if self.is_postgresql:
            with self.server_engine(server or server_for(slug)).connect() as conn:
                return bool(
                    conn.scalar(
                        # pg_namespace by its index (information_schema.schemata checks the
                        # privileges of every schema first: slower with every tenant added).
                        text("SELECT 1 FROM pg_namespace WHERE nspname = :s"),
                        {"s": schema_name_for(slug)},
                    )
                )
        return self.sqlite_path(slug).exists()

    def drop_storage(self, slug: str, server: str | None = None) -> None:
        if self.is_postgresql:
            server = server or server_for(slug)
            with self._lock:
                self._pg_translated.pop((server, slug), None)
            with self.server_engine(server).begin() as conn:
                # Fail (and let the caller rerun) rather than wait for ever behind a session
                # that still holds the tenant's tables.
                conn.execute(text("SET LOCAL lock_timeout = '30s'"))
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema_name_for(slug)}" CASCADE'))
            return
        with self._lock:
            engine = self._sqlite_engines.pop(slug, None)
        if engine is not None:
            engine.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.sqlite_path(slug)}{suffix}").unlink(missing_ok=True)

    def dispose(self) -> None:
        for engine in list(self._pg_engines.values()):
            engine.dispose()
        if self._sqlite_shared is not None:
            self._sqlite_shared.dispose()
        with self._lock:
            for engine in self._sqlite_engines.values():
                engine.dispose()
            self._sqlite_engines.clear()


class TenantDatabase:
    """``tenant_db.session``: an ORM session bound to the current tenant, one per app context."""

    def init_app(self, app: Flask) -> None:
        app.extensions["kiblat_tenant_engines"] = TenantEngines(app)
        app.teardown_appcontext(self._close_sessions)

    @property
    def engines(self) -> TenantEngines:
        return current_app.extensions["kiblat_tenant_engines"]

    @property
    def session(self) -> Session:
        return self.session_for(current_tenant)

    def session_for(self, tenant: TenantInfo) -> Session:
        sessions: dict[str, Session] = g.setdefault("kiblat_tenant_sessions", {})
        session = sessions.get(tenant.slug)
        if session is None:
            session = sessions[tenant.slug] = self.engines.open_session(tenant)
        return session

    def new_session(self, tenant: TenantInfo) -> Session:
        """A session of its own (e.g. to write an audit record whatever the request does);
        the caller closes it with ``tenant_db.engines.close_session``."""
        return self.engines.open_session(tenant)

    @staticmethod
    def close_sessions() -> None:
        """Close the tenant sessions of the current app context (done at its end anyway)."""
        for session in g.pop("kiblat_tenant_sessions", {}).values():
            TenantEngines.close_session(session)

    def _close_sessions(self, _exc: BaseException | None) -> None:
        self.close_sessions()


tenant_db = TenantDatabase()


def close_all_connections() -> None:
    """Close the current app's pooled connections, the control plane's and every tenant's
    (before forking worker processes, or when a command has finished)."""
    db.engine.dispose()
    tenant_db.engines.dispose()
