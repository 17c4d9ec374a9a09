"""Renews a regency's kept anonymous pages when its public content changes.

A module names the tables its public pages show (``public_tables`` in its manifest). When a
tenant session commits a change to one of them, whichever code made it (the editor, the HTTP
API, a command, a seed), the regency's page stamp moves
(:meth:`~kiblat.tenants.registry.TenantRegistry.public_pages_changed`): this process renews its
kept pages at once, the others at their next registry check.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from kiblat.tenants.database import TenantSession
from kiblat.tenants.registry import tenant_registry

TABLES_KEY = "kiblat_public_tables"
CHANGED = "kiblat_public_content_changed"  # in a tenant session's ``info`` until it commits


def watch_public_tables(app: Flask, tables: Iterable[str]) -> None:
    app.extensions[TABLES_KEY] = frozenset(tables)


def _public_tables() -> frozenset[str]:
    return current_app.extensions.get(TABLES_KEY, frozenset()) if has_app_context() else frozenset()


@event.listens_for(TenantSession, "after_flush")
def _note_flushed(session: Session, _flush: UOWTransaction) -> None:
    tables = _public_tables()
    if tables and any(getattr(row, "__tablename__", None) in tables
                      for row in chain(session.new, session.dirty, session.deleted)):
        session.info[CHANGED] = True


@event.listens_for(TenantSession, "do_orm_execute")
def _note_statement(state: ORMExecuteState) -> None:
    """Bulk ``update()``/``delete()``/``insert()`` statements, which no flush sees."""
    if state.is_update or state.is_delete or state.is_insert:
        table = getattr(state.statement, "table", None)
        if table is not None and table.name in _public_tables():
            state.session.info[CHANGED] = True


@event.listens_for(TenantSession, "after_commit")
def _renew_pages(session: Session) -> None:
    if session.info.pop(CHANGED, False) and has_app_context():
        tenant_registry().public_pages_changed(session.info["tenant"])


@event.listens_for(TenantSession, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(CHANGED, None)
