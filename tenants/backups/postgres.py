"""pg_dump and pg_restore of one database server; whether a target database is empty."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from kiblat.tenants.backups.manifest import BackupError

# Schemas every PostgreSQL database has: not a sign of a deployment.
SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")


def libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection string for ``url`` and the environment carrying its password (kept
    out of the command line, which every user of the machine can read)."""
    parsed = make_url(url)
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _last_line(stderr: bytes) -> str:
    lines = [line for line in stderr.decode(errors="replace").splitlines() if line.strip()]
    return lines[-1] if lines else "tanpa keterangan"


def dump(url: str, out: Path, schemas: list[str] | None = None, snapshot: str | None = None) -> None:
    """``pg_dump`` of the whole database, or of ``schemas`` only, in one consistent snapshot
    (``snapshot``: one exported by a transaction that is still open)."""
    conninfo, env = libpq(url)
    command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={out}"]
    if snapshot:
        command.append(f"--snapshot={snapshot}")
    command += [f"--schema={schema}" for schema in schemas or []]
    done = subprocess.run([*command, conninfo], env=env, capture_output=True)
    if done.returncode != 0:
        raise BackupError(f"pg_dump gagal ({make_url(url).render_as_string()}): {_last_line(done.stderr)}")


def schemas_in(file: Path) -> set[str]:
    """The schemas a dump creates (from its table of contents)."""
    done = subprocess.run(["pg_restore", "--list", str(file)], capture_output=True)
    if done.returncode != 0:
        raise BackupError(f"pg_restore tidak dapat membaca {file.name}: {_last_line(done.stderr)}")
    found = set()
    for line in done.stdout.decode(errors="replace").splitlines():
        parts = line.split()
        # e.g. "5; 2615 16386 SCHEMA - tenant_binjai postgres"
        if len(parts) >= 6 and not line.startswith(";") and parts[3] == "SCHEMA":
            found.add(parts[5])
    return found


def restore(url: str, file: Path, after_sql: str = "") -> None:
    """Replay a dump (then ``after_sql``) onto ``url`` in ONE transaction: all of it or nothing."""
    conninfo, env = libpq(url)
    script = subprocess.run(["pg_restore", "--no-owner", "--no-privileges", "--file=-", str(file)],
                            capture_output=True)
    if script.returncode != 0:
        raise BackupError(f"pg_restore tidak dapat membaca {file.name}: {_last_line(script.stderr)}")
    sql = script.stdout + b"\n" + after_sql.encode()
    done = subprocess.run(["psql", "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1",
                           "--output=/dev/null", f"--dbname={conninfo}"], input=sql, env=env, capture_output=True)
    if done.returncode != 0:
        raise BackupError(f"Pemulihan {file.name} ke {make_url(url).render_as_string()} gagal (tidak ada yang "
                          f"diubah di sana): {_last_line(done.stderr)}")


def contents(url: str) -> list[str]:
    """What a database already holds: its schemas beyond ``public`` and the relations in ``public``
    (an empty list for a fresh ``createdb``)."""
    engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            schemas = conn.scalars(text(
                "SELECT nspname FROM pg_namespace WHERE nspname <> 'public' AND nspname NOT LIKE 'pg\\_%' "
                "AND nspname <> 'information_schema' ORDER BY nspname")).all()
            tables = conn.scalars(text(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S') ORDER BY c.relname")).all()
    except Exception as exc:  # noqa: BLE001 - any connection failure is reported as one line
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()
        raise BackupError(f"Basis data {make_url(url).render_as_string()} tidak dapat dihubungi: "
                          f"{reason[0] if reason else type(exc).__name__}") from exc
    finally:
        engine.dispose()
    return [f"skema {s}" for s in schemas] + [f"tabel {t}" for t in tables]


def wipe(url: str, schemas: list[str], public: bool) -> None:
    """Undo a restore that went in before a later step failed (the target was empty before)."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            for schema in schemas:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            if public:
                conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()
