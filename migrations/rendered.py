"""Tenant migrations on PostgreSQL sent as one script instead of one statement at a time.

A new tenant's schema is ~100 DDL statements (tables, indexes, triggers); run online, each is a
round trip to the server, and those round trips were most of the time a regency took to
provision on PostgreSQL. Alembic's offline mode runs the very same revision scripts and writes
the SQL they would execute; that text does not depend on the tenant (tables are created through
the ``search_path`` the runner sets), so it is rendered once per process for each starting point
and executed in the tenant's migration transaction in one round trip.

A revision that needs a live database to decide what to do (it reads rows or reflects tables)
cannot be rendered; the runner runs that revision online, as before, between rendered ones.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.engine import Dialect

logger = logging.getLogger("kiblat.migrations")


@dataclass(frozen=True)
class RenderedUpgrade:
    sql: str
    heads: tuple[str, ...]  # the version table's rows once the script has run


def current_heads(conn: Connection) -> tuple[str, ...]:
    """The tenant's version table rows (the ``search_path`` points at its schema); none yet
    when the table does not exist, as Alembic's online mode reads it."""
    if conn.exec_driver_sql("SELECT to_regclass('alembic_version')").scalar() is None:
        return ()
    return version_rows(conn)


def version_rows(conn: Connection) -> tuple[str, ...]:
    """The rows of a version table known to exist (the ``search_path`` points at its schema)."""
    return tuple(sorted(r[0] for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")))


def enter_schema(conn: Connection, schema: str) -> tuple[str, ...]:
    """Point this transaction's ``search_path`` at ``schema`` (``SET LOCAL``) and return its
    version table rows as :func:`current_heads` does, in one round trip for a new schema (two when
    the version table exists): the existence check names the schema, so it does not depend on
    the order in which the server evaluates the two expressions."""
    quoted = '"' + schema.replace('"', '""') + '"'
    exists = conn.exec_driver_sql("SELECT set_config('search_path', %s, true), to_regclass(%s)",
                                  (quoted, f"{quoted}.alembic_version")).one()[1]
    return () if exists is None else version_rows(conn)


def rendered_upgrade(script: ScriptDirectory, dialect: Dialect, heads: tuple[str, ...],
                     destination: str) -> RenderedUpgrade | None:
    """The SQL that upgrades a schema whose version table holds ``heads`` to ``destination``,
    or None when the revisions on the way cannot be rendered offline."""
    key = (id(script), dialect.name, heads, destination)
    if key not in _cache:
        _cache[key] = _render(script, dialect, heads, destination)
    return _cache[key]


# Per process: (script directory, dialect name, starting heads, destination) → the upgrade.
_cache: dict[tuple[int, str, tuple[str, ...], str], RenderedUpgrade | None] = {}


def _render(script: ScriptDirectory, dialect: Dialect, heads: tuple[str, ...],
            destination: str) -> RenderedUpgrade | None:
    buffer = io.StringIO()
    after: list[tuple[str, ...]] = [heads]

    def upgrade_revisions(revision, context):  # noqa: ANN001, ANN202, ARG001
        return script._upgrade_revs(destination, revision)  # noqa: SLF001 - what command.upgrade calls

    def applied(*, heads: set[str], **_: object) -> None:
        after.append(tuple(sorted(heads)))

    context = MigrationContext.configure(dialect=dialect, opts={
        "as_sql": True,
        "output_buffer": buffer,
        "script": script,
        "fn": upgrade_revisions,
        "starting_rev": list(heads) or None,
        # The runner's transaction wraps the script: no BEGIN/COMMIT of Alembic's own.
        "transactional_ddl": False,
        "on_version_apply": [applied],
    })
    try:
        with Operations.context(context):
            context.run_migrations()
    except Exception as exc:  # noqa: BLE001 - any revision that needs a live database
        logger.info("migrations to %s from %s run online: %s", destination, heads, exc)
        return None
    # Literal % signs come out doubled, as compiled for this driver; the runner executes the
    # script through the driver, which reads them back as one, as it does online.
    sql = buffer.getvalue()
    return RenderedUpgrade(sql, after[-1])
