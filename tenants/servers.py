"""The PostgreSQL servers tenants live on, and which one each tenant is on.

The control plane lists the servers (``database_servers``: name, URL, capacity, status). The
server of ``KIBLAT_DATABASE_URL`` is always there as ``default`` (it also holds the control
plane), with no row needed: a deployment that never adds a server works as before, and a SQLite
deployment only ever has ``default``. Each tenant row names its server (``tenants.database_server``).

:func:`server_for` is the one answer to "where is this tenant's data" (backups, metrics, the
engines of :mod:`kiblat.tenants.database`); :func:`place_tenant` chooses a server for a new one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from kiblat.platform.core.extensions import db
from kiblat.tenants.models import DEFAULT_SERVER, DatabaseServer, ServerStatus, Tenant

SERVER_NAME_PATTERN = r"^[a-z][a-z0-9-]{1,39}$"


class ServerError(ValueError):
    """A server that cannot be used or changed as asked; the message says why, in Bahasa Indonesia."""


@dataclass(frozen=True, slots=True)
class ServerInfo:
    name: str
    url: str  # with its password: for connecting, never for display (see ``display_url``)
    capacity: int | None
    status: str
    tenants: int

    @property
    def display_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.tenants >= self.capacity

    @property
    def is_default(self) -> bool:
        return self.name == DEFAULT_SERVER


def default_url() -> str:
    return current_app.config["SQLALCHEMY_DATABASE_URI"]


def is_postgresql() -> bool:
    return make_url(default_url()).get_backend_name() == "postgresql"


def server_for(slug: str) -> str:
    """The name of the database server holding tenant ``slug`` (``default`` for an unknown slug,
    where a new tenant's storage would be made before it is placed)."""
    return db.session.scalar(select(Tenant.database_server).where(Tenant.slug == slug)) or DEFAULT_SERVER


def tenants_by_server() -> dict[str, list[str]]:
    """Every tenant's slug, grouped by the server it is on."""
    grouped: dict[str, list[str]] = {}
    for slug, server in db.session.execute(select(Tenant.slug, Tenant.database_server).order_by(Tenant.slug)):
        grouped.setdefault(server, []).append(slug)
    return grouped


def server_url(name: str) -> str:
    """The connection URL of a server; raises :class:`ServerError` for an unknown one."""
    if name == DEFAULT_SERVER:
        return default_url()
    url = db.session.scalar(select(DatabaseServer.url).where(DatabaseServer.name == name))
    if url is None:
        raise ServerError(f"Server basis data {name!r} tidak terdaftar")
    return url


def list_servers() -> list[ServerInfo]:
    """Every server, ``default`` first, with how many tenants it holds."""
    counts = dict(db.session.execute(select(Tenant.database_server, func.count()).group_by(Tenant.database_server)).all())
    rows = {row.name: row for row in db.session.scalars(select(DatabaseServer))}
    default = rows.pop(DEFAULT_SERVER, None)
    servers = [ServerInfo(DEFAULT_SERVER, default_url(), default.capacity if default else None,
                          str(default.status) if default else ServerStatus.OPEN.value, counts.get(DEFAULT_SERVER, 0))]
    for name in sorted(rows):
        row = rows[name]
        servers.append(ServerInfo(name, row.url or "", row.capacity, str(row.status), counts.get(name, 0)))
    return servers


def get_server(name: str) -> ServerInfo:
    for server in list_servers():
        if server.name == name:
            return server
    known = ", ".join(s.name for s in list_servers())
    raise ServerError(f"Server basis data {name!r} tidak terdaftar (yang ada: {known})")


def check_reachable(server: ServerInfo) -> None:
    """Connect once; raise :class:`ServerError` naming the server when it does not answer."""
    engine = create_engine(server.url, poolclass=NullPool, connect_args=_connect_timeout(server.url))
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else type(exc).__name__
        raise ServerError(f"Server basis data {server.name!r} tidak dapat dihubungi: {reason}") from exc
    finally:
        engine.dispose()


def _connect_timeout(url: str) -> dict:
    return {"connect_timeout": 5} if make_url(url).get_backend_name() == "postgresql" else {}


def check_can_take(server: ServerInfo, purpose: str) -> None:
    """A server may take one more tenant (``purpose`` names what for, in the message)."""
    if server.status != ServerStatus.OPEN:
        state = "ditutup" if server.status == ServerStatus.CLOSED else "sedang dikosongkan"
        raise ServerError(f"Server basis data {server.name!r} {state}; tidak menerima {purpose}")
    if server.is_full:
        raise ServerError(
            f"Server basis data {server.name!r} penuh ({server.tenants} dari {server.capacity} tenant); "
            f"tidak menerima {purpose}"
        )


def place_tenant(requested: str | None = None) -> str:
    """The server a new tenant goes to: the one requested (checked), or the open server with room
    holding the fewest tenants (relative to its capacity; ties by name)."""
    if not is_postgresql():  # one SQLite file per tenant, all in the instance folder
        if requested and requested != DEFAULT_SERVER:
            raise ServerError("Server basis data tambahan hanya untuk deployment PostgreSQL")
        return DEFAULT_SERVER
    if requested:
        server = get_server(requested)
        check_can_take(server, "tenant baru")
        return server.name
    candidates = [s for s in list_servers() if s.status == ServerStatus.OPEN and not s.is_full]
    if not candidates:
        raise ServerError("Tidak ada server basis data yang terbuka dan masih memiliki ruang untuk tenant baru")
    return min(candidates, key=lambda s: (s.tenants / s.capacity if s.capacity else 0.0, s.tenants, s.name)).name


def add_server(name: str, url: str, capacity: int | None = None, status: str = ServerStatus.OPEN) -> None:
    """Register a PostgreSQL server (checked reachable first: nothing is added otherwise)."""
    if not is_postgresql():
        raise ServerError("Server basis data tambahan hanya untuk deployment PostgreSQL")
    if not re.match(SERVER_NAME_PATTERN, name):
        raise ServerError(f"Nama server {name!r} tidak valid: 2–40 huruf kecil, angka atau tanda hubung, diawali huruf")
    if name == DEFAULT_SERVER or db.session.get(DatabaseServer, name) is not None:
        raise ServerError(f"Server basis data {name!r} sudah terdaftar")
    try:
        backend = make_url(url).get_backend_name()
    except Exception as exc:  # sqlalchemy raises ArgumentError for anything unparsable
        raise ServerError(f"URL {url!r} bukan URL basis data") from exc
    if backend != "postgresql":
        raise ServerError("URL server harus postgresql+psycopg://…")
    if any(s.url == url for s in list_servers()):
        raise ServerError("URL itu sudah dipakai server lain")
    _check_capacity(capacity)
    status = ServerStatus(status)
    check_reachable(ServerInfo(name, url, capacity, status.value, 0))
    db.session.add(DatabaseServer(name=name, url=url, capacity=capacity, status=status))
    db.session.commit()


def update_server(name: str, capacity: int | None | bool = False, status: str | None = None) -> None:
    """Change a server's capacity (``None``: no limit; ``False``: unchanged) or status."""
    get_server(name)
    row = db.session.get(DatabaseServer, name)
    if row is None:  # the default server gets a row the first time it is changed
        row = DatabaseServer(name=name, url=None, status=ServerStatus.OPEN)
        db.session.add(row)
    if capacity is not False:
        _check_capacity(capacity)
        row.capacity = capacity
    if status is not None:
        try:
            row.status = ServerStatus(status)
        except ValueError as exc:
            raise ServerError(f"Status server {status!r} tidak dikenal: open, draining atau closed") from exc
    db.session.commit()


def _check_capacity(capacity: int | None) -> None:
    if capacity is not None and capacity < 1:
        raise ServerError("Kapasitas server minimal 1 tenant (atau kosongkan untuk tanpa batas)")


def remove_server(name: str) -> None:
    """Unregister a server that holds no tenant (and is not ``default``)."""
    server = get_server(name)
    if server.is_default:
        raise ServerError("Server default (KIBLAT_DATABASE_URL) tidak dapat dihapus")
    if server.tenants:
        raise ServerError(f"Server basis data {name!r} masih memuat {server.tenants} tenant; pindahkan dulu")
    db.session.delete(db.session.get(DatabaseServer, name))
    db.session.commit()
