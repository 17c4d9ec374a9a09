"""Who is signed in as platform staff. Only on the platform host, under session keys of
their own; the cookie is host-only, so it never reaches a regency's host."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import TypeVar

from flask import g, redirect, request, session, url_for

from kiblat.platform.core.extensions import db
from kiblat.platform.identity.server_sessions import STAFF_SID_KEY, staff_sessions
from kiblat.platform.identity.staff.models import StaffUser
from kiblat.platform.web.hosts import require_platform_host
from kiblat.tenants.context import get_current_tenant

F = TypeVar("F", bound=Callable)
STAFF_KEY, STAFF_VERSION_KEY, PENDING_KEY = "staff_id", "staff_sv", "staff_pending"
PENDING_SECONDS = 5 * 60


def begin_login(staff: StaffUser) -> None:
    """Password accepted: the second factor is still to come."""
    session.clear()
    session[PENDING_KEY] = {"id": staff.id, "sv": staff.session_version, "at": time.time()}


def pending_staff() -> StaffUser | None:
    raw = session.get(PENDING_KEY)
    if get_current_tenant() is not None or not isinstance(raw, dict):
        return None
    if time.time() - float(raw.get("at", 0)) > PENDING_SECONDS:
        session.pop(PENDING_KEY, None)
        return None
    staff = db.session.get(StaffUser, raw.get("id"))
    if staff is None or not staff.active or staff.session_version != raw.get("sv"):
        session.pop(PENDING_KEY, None)
        return None
    return staff


def complete_login(staff: StaffUser) -> None:
    session.clear()  # a fresh session on login: no fixation
    session.permanent = True
    session[STAFF_SID_KEY] = staff_sessions.start(staff.id)
    session[STAFF_KEY] = staff.id
    session[STAFF_VERSION_KEY] = staff.session_version
    staff.last_login_at = datetime.now(UTC)
    db.session.commit()
    g.pop("kiblat_staff", None)


def logout_staff() -> None:
    """End the session here and on the server (commits)."""
    staff_sessions.end(session.get(STAFF_SID_KEY))
    db.session.commit()
    session.clear()
    g.pop("kiblat_staff", None)


def get_current_staff() -> StaffUser | None:
    if "kiblat_staff" in g:
        return g.kiblat_staff
    staff = None
    staff_id = session.get(STAFF_KEY)
    if get_current_tenant() is None and staff_id is not None:
        candidate = db.session.get(StaffUser, staff_id)
        if (candidate is not None and candidate.active and candidate.totp_enabled
                and candidate.session_version == session.get(STAFF_VERSION_KEY)
                and staff_sessions.is_live(session.get(STAFF_SID_KEY), candidate.id)):
            staff = candidate
        else:
            session.clear()
    g.kiblat_staff = staff
    return staff


def staff_required(view: F) -> F:
    """Platform host only (404 on a regency's host); signed in with two factors."""

    @wraps(view)
    def wrapped(*args, **kwargs):  # noqa: ANN202
        require_platform_host()
        if get_current_staff() is None:
            return redirect(url_for("staff.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]
