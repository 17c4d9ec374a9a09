"""Impersonation: a staff member acts as one admin of one regency, for a short time, for a
stated reason. The grant lives in the control plane; its one-time token is spent on the
regency's own host, which starts a regency session flagged as impersonation."""

from __future__ import annotations

import hashlib
import inspect
import logging
import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app, flash, g, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select, update
from werkzeug.wrappers import Response

from kiblat.platform.core.extensions import db
from kiblat.platform.core.times import as_utc
from kiblat.platform.identity.audit.service import Actor, add_entry, build_entry
from kiblat.platform.identity.models import User
from kiblat.platform.identity.roles import ADMIN_ROLE
from kiblat.platform.identity.sessions import get_current_user, login_user, logout_user
from kiblat.platform.identity.staff.models import ImpersonationGrant, StaffActionLog, StaffUser
from kiblat.platform.identity.staff.state import (
    Impersonation,
    current_impersonation,
    start_impersonation,
)
from kiblat.tenants.context import TenantInfo, current_tenant, get_current_tenant, tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import TenantStatus
from kiblat.tenants.registry import tenant_registry

logger = logging.getLogger("kiblat.audit")
DEFAULT_MINUTES = 30
REASON_MIN, REASON_MAX = 15, 1000
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


class ImpersonationError(ValueError):
    """A grant that cannot be made or used; the message is fit to show, in Bahasa Indonesia."""


class StopForm(FlaskForm):
    """Empty: stopping is a POST with a CSRF token."""


def _now() -> datetime:
    return datetime.now(UTC)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def tenant_admins(tenant: TenantInfo) -> list[User]:
    """Active users of the regency holding the admin role (main or extra)."""
    with tenant_context(tenant):
        users = tenant_db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name)).all()
        return [u for u in users if ADMIN_ROLE in u.role_keys]


def create_grant(staff: StaffUser, tenant_slug: str, user_id: int, reason: str,
                 ip: str | None = None) -> tuple[ImpersonationGrant, str]:
    """Validate everything, save the grant and return it with its one-time token."""
    reason = " ".join((reason or "").split())
    if len(reason) < REASON_MIN:
        raise ImpersonationError(f"Alasan wajib diisi, paling sedikit {REASON_MIN} karakter.")
    if len(reason) > REASON_MAX:
        raise ImpersonationError(f"Alasan paling banyak {REASON_MAX} karakter.")
    tenant = tenant_registry().by_slug(tenant_slug or "")
    if tenant is None or tenant.status != TenantStatus.ACTIVE:
        raise ImpersonationError("Kabupaten/kota tidak ditemukan atau tidak aktif.")
    target = next((u for u in tenant_admins(tenant) if u.id == user_id), None)
    if target is None:
        raise ImpersonationError("Admin tersebut tidak ditemukan di kabupaten/kota ini.")
    token = secrets.token_urlsafe(32)
    minutes = int(current_app.config.get("STAFF_IMPERSONATION_MINUTES", DEFAULT_MINUTES))
    grant = ImpersonationGrant(
        staff_id=staff.id, tenant_id=tenant.id, target_user_id=target.id, target_user_name=target.name,
        reason=reason, token_hash=_hash(token), created_at=_now(), expires_at=_now() + timedelta(minutes=minutes),
        ip=ip,
    )
    db.session.add(grant)
    db.session.flush()
    db.session.add(StaffActionLog(
        staff_id=staff.id, tenant_id=tenant.id, tenant_slug=tenant.slug, grant_id=grant.id,
        action="impersonation.grant", object_type="user", object_id=str(target.id),
        details={"reason": reason, "user_name": target.name}, ip=ip, request_id=g.get("request_id"),
    ))
    db.session.commit()
    return grant, token


def consume_grant(token: str) -> ImpersonationGrant:
    """On the regency's host: spend the token once and sign in as its admin, flagged."""
    tenant = current_tenant._get_current_object()
    invalid = ImpersonationError("Tautan masuk staf tidak berlaku: sudah dipakai, kedaluwarsa, atau bukan untuk "
                                 "kabupaten/kota ini.")
    grant = db.session.scalar(select(ImpersonationGrant).where(ImpersonationGrant.token_hash == _hash(token or "")))
    if (grant is None or grant.tenant_id != tenant.id or grant.used_at is not None or grant.ended_at is not None
            or as_utc(grant.expires_at) <= _now() or not grant.staff.active):
        raise invalid
    spent = db.session.execute(
        update(ImpersonationGrant).where(ImpersonationGrant.id == grant.id, ImpersonationGrant.used_at.is_(None))
        .values(used_at=_now())
    )
    db.session.commit()
    if spent.rowcount != 1:
        raise invalid
    user = tenant_db.session.get(User, grant.target_user_id)
    if user is None or not user.active or ADMIN_ROLE not in user.role_keys:
        raise ImpersonationError("Admin tujuan sudah tidak aktif.")
    last_login = user.last_login_at
    _sign_in_as(user)
    user.last_login_at = last_login  # the admin did not sign in: keep their own last sign-in
    start_impersonation(grant.staff.id, grant.staff.name, grant.id, as_utc(grant.expires_at).timestamp())
    actor = Actor(user.id, user.name, grant.staff.id, grant.staff.name, grant.id)
    add_entry(tenant_db.session, build_entry("impersonation.start", "user", user.id,
                                             {"reason": grant.reason}, actor), actor, tenant.id, tenant.slug)
    tenant_db.session.commit()
    return grant


def _sign_in_as(user: User) -> None:
    """A full regency session: the staff member already gave their own second factor."""
    if "second_factor_done" in inspect.signature(login_user).parameters:
        login_user(user, second_factor_done=True)
    else:
        login_user(user)


def end_impersonation(how: str) -> None:
    """Record the end (``stopped`` or ``expired``), close the grant and sign out."""
    impersonation = g.get("kiblat_impersonation") or current_impersonation()
    tenant = get_current_tenant()
    if impersonation is None or tenant is None:
        logout_user()
        return
    user = g.get("kiblat_impersonated_user")
    actor = Actor(user[0] if user else None, user[1] if user else "-", impersonation.staff_id,
                  impersonation.staff_name, impersonation.grant_id)
    _write(actor, "impersonation.end", "user", actor.user_id, {"how": how})
    db.session.execute(update(ImpersonationGrant).where(ImpersonationGrant.id == impersonation.grant_id,
                                                        ImpersonationGrant.ended_at.is_(None)).values(ended_at=_now()))
    db.session.commit()
    logout_user()
    g.pop("kiblat_impersonation", None)


def _write(actor: Actor, action: str, object_type: str | None, object_id: object, details: dict) -> None:
    """Commit one entry on its own: what the view left uncommitted is dropped first, as teardown would."""
    tenant = current_tenant._get_current_object()
    session = tenant_db.session
    try:
        session.rollback()
        add_entry(session, build_entry(action, object_type, object_id, details, actor), actor, tenant.id, tenant.slug)
        session.commit()
    except Exception:
        session.rollback()
        logger.exception("audit: could not record %s for tenant %s", action, tenant.slug)


# Request hooks -------------------------------------------------------------------------
def check_impersonation() -> None:
    """Before every request: end an impersonation that expired or was closed."""
    tenant = get_current_tenant()
    g.kiblat_request_tenant = tenant
    impersonation = current_impersonation() if tenant is not None else None
    if impersonation is None:
        return
    user = get_current_user()
    g.kiblat_impersonation = impersonation
    g.kiblat_impersonated_user = (user.id, user.name) if user is not None else None
    grant = db.session.get(ImpersonationGrant, impersonation.grant_id)
    if user is None or impersonation.expired or grant is None or grant.ended_at is not None \
            or grant.tenant_id != tenant.id or not grant.staff.active:
        end_impersonation("expired")
        flash(_l("Sesi penyamaran staf sudah berakhir."))


def audit_impersonated_request(response: Response) -> Response:
    """After every state-changing request made while impersonating: one audit entry."""
    impersonation: Impersonation | None = g.get("kiblat_impersonation")
    user = g.get("kiblat_impersonated_user")
    if (impersonation is None or user is None or request.method not in STATE_CHANGING
            or get_current_tenant() is None or request.endpoint == "staff_access.stop"):
        return response
    actor = Actor(user[0], user[1], impersonation.staff_id, impersonation.staff_name, impersonation.grant_id)
    _write(actor, "request", "endpoint", request.endpoint,
           {"method": request.method, "path": request.path, "status": response.status_code})
    return response


def banner_context() -> dict:
    impersonation = g.get("kiblat_impersonation")
    if impersonation is None or get_current_tenant() is None or current_impersonation() is None:
        return {"impersonation": None}
    return {"impersonation": impersonation, "impersonation_stop_form": StopForm()}
