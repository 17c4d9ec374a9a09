"""Writing and reading a regency's audit log.

``record()`` adds an entry to the current tenant's session and commits with the caller's
own transaction, so an entry exists exactly when the change it describes does. It finds
the actor by itself: the signed-in regency user, the platform staff member impersonating
them (or signed in on the platform host), or "Sistem" in jobs and the command line.
Entries made on behalf of a staff member are mirrored into the control plane's
``StaffActionLog`` once the tenant transaction commits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import g, has_request_context, request
from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import Session

from kiblat.platform.core.extensions import db
from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.platform.identity.sessions import get_current_user
from kiblat.platform.identity.staff.models import StaffActionLog
from kiblat.platform.identity.staff.sessions import get_current_staff
from kiblat.platform.identity.staff.state import current_impersonation
from kiblat.tenants.context import current_tenant, get_current_tenant
from kiblat.tenants.database import TenantSession, tenant_db

SYSTEM_ACTOR = "Sistem"
STAFF_ACTOR = "Staf platform"
_MIRROR_KEY = "kiblat_staff_mirror"


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int | None
    name: str
    staff_id: int | None = None
    staff_name: str | None = None
    grant_id: int | None = None


def current_actor(for_tenant_id: int | None = None) -> Actor:
    """Who is acting now, as seen from the tenant ``for_tenant_id`` (default: the current one)."""
    if not has_request_context():
        return Actor(None, SYSTEM_ACTOR)

    request_tenant = g.get("kiblat_request_tenant", get_current_tenant())
    if request_tenant is None:  # platform host: a signed-in staff member, or nobody
        staff = get_current_staff()
        if staff is None:
            return Actor(None, SYSTEM_ACTOR)
        return Actor(None, STAFF_ACTOR, staff.id, staff.name)
    if for_tenant_id is not None and for_tenant_id != request_tenant.id:
        return Actor(None, SYSTEM_ACTOR)
    user = get_current_user()
    impersonation = current_impersonation() if user is not None else None
    if impersonation is None:
        return Actor(user.id if user else None, user.name if user else SYSTEM_ACTOR)
    return Actor(user.id, user.name, impersonation.staff_id, impersonation.staff_name, impersonation.grant_id)


def _json_safe(details: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(details, default=str))


def build_entry(action: str, object_type: str | None, object_id: Any, details: dict[str, Any],
                actor: Actor) -> AuditEntry:
    if not action or len(action) > 80:
        raise ValueError("an audit action is a key of 1–80 characters, e.g. 'users.create'")
    in_request = has_request_context()
    return AuditEntry(
        created_at=datetime.now(UTC),
        actor_user_id=actor.user_id, actor_name=actor.name[:120],
        impersonator_staff_id=actor.staff_id,
        impersonator_name=actor.staff_name[:120] if actor.staff_name else None,
        action=action, object_type=object_type,
        object_id=None if object_id is None else str(object_id)[:64],
        details=_json_safe(details),
        ip=(request.remote_addr or None) if in_request else None,
        request_id=g.get("request_id") if in_request else None,
    )


def add_entry(session: Session, entry: AuditEntry, actor: Actor, tenant_id: int, tenant_slug: str) -> AuditEntry:
    session.add(entry)
    session.flush()
    if actor.staff_id is not None:
        session.info.setdefault(_MIRROR_KEY, []).append({
            "staff_id": actor.staff_id, "tenant_id": tenant_id, "tenant_slug": tenant_slug,
            "grant_id": actor.grant_id, "action": entry.action, "object_type": entry.object_type,
            "object_id": entry.object_id, "details": entry.details, "ip": entry.ip,
            "request_id": entry.request_id, "created_at": entry.created_at,
        })
    return entry


def record(action: str, object_type: str | None = None, object_id: Any = None, **details: Any) -> AuditEntry:
    """Add an audit entry for the current tenant; it is saved when the caller commits.

    ``action`` is a dotted key (``users.create``, ``opd.update``, ``roles.grant``);
    ``details`` must be JSON-serialisable (anything else is stored as its ``str()``).
    """
    tenant = current_tenant._get_current_object()
    actor = current_actor(tenant.id)
    return add_entry(tenant_db.session, build_entry(action, object_type, object_id, details, actor),
                     actor, tenant.id, tenant.slug)


@event.listens_for(TenantSession, "after_commit")
def _mirror_staff_actions(session: Session) -> None:
    rows = session.info.pop(_MIRROR_KEY, None)
    if rows:

        with db.engine.begin() as conn:
            conn.execute(insert(StaffActionLog), rows)


@event.listens_for(TenantSession, "after_rollback")
def _forget_staff_actions(session: Session) -> None:
    session.info.pop(_MIRROR_KEY, None)


# Reading -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AuditFilter:
    user_id: int | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None  # exclusive


@dataclass(frozen=True, slots=True)
class AuditPage:
    entries: list[AuditEntry]
    page: int
    pages: int
    total: int


def search(criteria: AuditFilter, page: int = 1, per_page: int = 50) -> AuditPage:
    """Entries of the current tenant, newest first."""
    query = select(AuditEntry)
    if criteria.user_id is not None:
        query = query.where(AuditEntry.actor_user_id == criteria.user_id)
    if criteria.action:
        query = query.where(AuditEntry.action.startswith(criteria.action, autoescape=True))
    if criteria.since is not None:
        query = query.where(AuditEntry.created_at >= criteria.since)
    if criteria.until is not None:
        query = query.where(AuditEntry.created_at < criteria.until)
    session = tenant_db.session
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    entries = list(session.scalars(
        query.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()).offset((page - 1) * per_page).limit(per_page)
    ))
    return AuditPage(entries, page, pages, total)


def known_actions() -> list[str]:
    return list(tenant_db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))
