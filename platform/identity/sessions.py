"""Who is signed in. Sessions are bound to the tenant (and to the user's session version),
so a cookie copied from regency A to regency B is worthless there, and a password change
signs out every other device. Each session is recorded server-side (``user_sessions``):
signing out deletes the record, so a copy of the cookie is worthless afterwards too."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from typing import TypeVar

from flask import abort, g, redirect, request, session, url_for
from werkzeug.local import LocalProxy

from kiblat.platform.identity.models import User, UserSession
from kiblat.platform.identity.roles import permissions_for
from kiblat.platform.identity.server_sessions import USER_SID_KEY, SessionStore
from kiblat.platform.identity.twofactor import is_enabled, requires_two_factor
from kiblat.tenants.context import get_current_tenant
from kiblat.tenants.database import tenant_db

F = TypeVar("F", bound=Callable)
USER_KEY, TENANT_KEY, VERSION_KEY = "uid", "tenant", "sv"
user_sessions = SessionStore(UserSession, "user_id", lambda: tenant_db.session)


# While set (to the time the password was accepted), the session is only half signed in:
# the person still has to give a two-factor code.
PENDING_KEY = "mfa_pending"
PENDING_SECONDS = 10 * 60


def login_user(user: User, *, second_factor_done: bool = False) -> None:
    """Start a fresh session for ``user``. A user with two-factor enabled is only half signed
    in until :func:`complete_second_factor`, unless the code was already checked."""

    tenant = get_current_tenant()
    if tenant is None:
        raise RuntimeError("tenant users sign in on their regency's host only")
    user_sessions.end(session.get(USER_SID_KEY))  # e.g. the half-signed-in one before the code
    session.clear()  # a fresh session on login: no fixation
    session.permanent = True
    session[USER_SID_KEY] = user_sessions.start(user.id)
    session[USER_KEY] = user.id
    session[TENANT_KEY] = tenant.id
    session[VERSION_KEY] = user.session_version
    if is_enabled(user) and not second_factor_done:
        session[PENDING_KEY] = int(time.time())
    else:
        user.last_login_at = datetime.now(UTC)
    tenant_db.session.commit()
    g.pop("kiblat_user", None)


def pending_second_factor_user() -> User | None:
    """The user who gave the right password but not yet the code (None otherwise)."""
    started = session.get(PENDING_KEY)
    if started is None:
        return None
    if time.time() - started > PENDING_SECONDS:
        session.clear()
        return None
    return _session_user()


def complete_second_factor(user: User) -> None:
    """The code was right: the half-signed-in session becomes a full one (a fresh session id)."""
    login_user(user, second_factor_done=True)


def logout_user() -> None:
    """End the session here and on the server (commits)."""
    if get_current_tenant() is not None:
        user_sessions.end(session.get(USER_SID_KEY))
        tenant_db.session.commit()
    session.clear()
    g.pop("kiblat_user", None)


def _session_user() -> User | None:
    user = None
    tenant = get_current_tenant()
    user_id = session.get(USER_KEY)
    if tenant is not None and user_id is not None:
        if session.get(TENANT_KEY) == tenant.id:
            candidate = tenant_db.session.get(User, user_id)
            if (candidate is not None and candidate.active and candidate.session_version == session.get(VERSION_KEY)
                    and user_sessions.is_live(session.get(USER_SID_KEY), candidate.id)):
                user = candidate
        if user is None:
            session.clear()  # another tenant's, revoked or tampered: drop it
    return user


def _load_user() -> User | None:
    if "kiblat_user" in g:
        return g.kiblat_user
    user = None if session.get(PENDING_KEY) is not None else _session_user()
    g.kiblat_user = user
    return user


def get_current_user() -> User | None:
    return _load_user()


current_user: User | None = LocalProxy(_load_user)  # type: ignore[assignment]


def current_permissions() -> frozenset[str]:
    user, tenant = _load_user(), get_current_tenant()
    if user is None or tenant is None:
        return frozenset()
    cached = g.get("kiblat_permissions")
    if cached is None:
        cached = g.kiblat_permissions = permissions_for(user.role_keys, tenant)
    return cached


def has_permission(permission: str) -> bool:
    return permission in current_permissions()


def login_required(view: F) -> F:
    @wraps(view)
    def wrapped(*args, **kwargs):  # noqa: ANN202
        if _load_user() is None:
            return redirect(url_for("identity.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def _needs_enrolment(user: User) -> bool:
    """Staff work only after two-factor sign-in is set up."""

    if session.get("impersonation"):
        return False  # platform staff impersonating: they signed in with their own second factor
    return requires_two_factor(user) and not is_enabled(user)


def permission_required(*permissions: str) -> Callable[[F], F]:
    """Signed in and holding every named permission; 403 otherwise. Staff without
    two-factor sign-in are sent to set it up first."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args, **kwargs):  # noqa: ANN202
            user = _load_user()
            if user is None:
                return redirect(url_for("identity.login", next=request.full_path.rstrip("?")))
            if not all(has_permission(p) for p in permissions):
                abort(403)
            if _needs_enrolment(user):
                return redirect(url_for("identity.totp_setup", next=request.full_path.rstrip("?")))
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
