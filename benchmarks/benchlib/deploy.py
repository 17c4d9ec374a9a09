"""Throwaway deployments: an instance folder and, on PostgreSQL, a database of their own."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

BASE_DOMAIN = "kiblat.bench"
SECRET_KEY = "benchmark-only-secret-key-0123456789abcdefghijklmnop"
# Database on the local server used to create and drop the benchmark databases: the local
# PostgreSQL by default (the one the tests use), or KIBLAT_BENCH_POSTGRES_URL.
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
POSTGRES_ADMIN_URL = os.environ.get("KIBLAT_BENCH_POSTGRES_URL") or DEFAULT_POSTGRES_URL


def postgres_admin_url() -> URL:
    url = make_url(POSTGRES_ADMIN_URL)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    if url.host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("benchmarks only talk to a PostgreSQL server on loopback")
    return url


def postgres_available() -> bool:
    """True, or the benchmark stops: every benchmark measures both backends, and a part that
    cannot run is an error, never a silent skip."""
    require_postgres()
    return True


def require_postgres() -> str:
    """The admin URL (as text) once the server answers; otherwise stop loudly."""
    url = postgres_admin_url()
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure stops the benchmark with its reason
        raise SystemExit(
            f"PostgreSQL is required and not reachable at {url.render_as_string(hide_password=True)}"
            f" ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); start the local"
            " server or set KIBLAT_BENCH_POSTGRES_URL. Nothing was skipped: the benchmark stopped."
        ) from None
    return url.render_as_string(hide_password=False)


def postgres_query(sql: str, **params: object) -> list[tuple]:
    engine = create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            result = conn.execute(text(sql), params)
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()


def settle_postgres() -> None:
    """Have the server write out what earlier benchmarks left dirty (``CHECKPOINT``) before a
    timing that creates schemas: PostgreSQL fsyncs every btree index as it builds it, and those
    fsyncs should not share the disk with the checkpointer flushing a previous benchmark's writes."""
    postgres_query("CHECKPOINT")


@dataclass
class Deployment:
    backend: str  # "sqlite" | "postgresql"
    instance: Path
    database_url: str
    database_name: str | None = None  # PostgreSQL only

    def environ(self, **extra: str) -> dict[str, str]:
        """KIBLAT_* variables of this deployment, plus ``extra``."""
        env = {
            "KIBLAT_ENV": "production",
            "KIBLAT_SECRET_KEY": SECRET_KEY,
            "KIBLAT_INSTANCE_PATH": str(self.instance),
            "KIBLAT_BASE_DOMAIN": BASE_DOMAIN,
            "KIBLAT_DATABASE_URL": self.database_url,
        }
        env.update(extra)
        return env

    def process_environ(self, **extra: str) -> dict[str, str]:
        """The environment of a child process: ours without KIBLAT_*, plus this deployment's."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("KIBLAT_")}
        env.update(self.environ(**extra))
        return env


@contextmanager
def deployment(backend: str, tag: str) -> Iterator[Deployment]:
    """A fresh, empty deployment, removed afterwards whatever happens."""
    instance = Path(tempfile.mkdtemp(prefix=f"kiblat-bench-{tag}-"))
    name = None
    try:
        if backend == "postgresql":
            name = f"kiblat_bench_{tag}_{uuid.uuid4().hex[:8]}"
            postgres_query(f'CREATE DATABASE "{name}"')
            url = postgres_admin_url().set(database=name).render_as_string(hide_password=False)
        else:
            url = f"sqlite:///{instance / 'kiblat.sqlite3'}"
        yield Deployment(backend, instance, url, name)
    finally:
        if name is not None:
            postgres_query(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(instance, ignore_errors=True)
