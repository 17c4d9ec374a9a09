"""Landing the new admin signed in on their regency's host: a one-time token issued on the
platform host, bound to the tenant, valid two minutes, spent on the regency's host (the same
pattern as staff impersonation's ``/staff-masuk/<token>``)."""

from __future__ import annotations

from sqlalchemy import select

from kiblat.platform.core.extensions import db
from kiblat.platform.core.texts import _
from kiblat.platform.identity.models import User
from kiblat.platform.identity.roles import ADMIN_ROLE
from kiblat.platform.identity.sessions import login_user
from kiblat.platform.onboarding import tokens
from kiblat.platform.onboarding.errors import OnboardingError
from kiblat.platform.onboarding.models import Applicant, OnboardingRequest
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


def issue_handoff(applicant: Applicant, request: OnboardingRequest) -> str:
    if request.applicant_id != applicant.id or request.status != "active":
        raise OnboardingError(_("Kabupaten/kota Anda belum siap."), status=409)
    token = tokens.issue(applicant.id, tokens.HANDOFF, tenant_slug=request.slug)
    db.session.commit()
    return token


def consume_handoff(token: str) -> User:
    """On the regency's host: spend the token and sign its admin in (no second factor yet:
    an admin without two-factor is sent to enrol before any admin page)."""
    tenant = current_tenant._get_current_object()
    record = tokens.spend(token, tokens.HANDOFF, tenant_slug=tenant.slug)
    applicant = db.session.get(Applicant, record.applicant_id)
    user = tenant_db.session.scalar(select(User).where(User.email == applicant.email)) if applicant else None
    if user is None or not user.active or ADMIN_ROLE not in user.role_keys:
        raise OnboardingError(_("Akun admin untuk tautan ini tidak ditemukan."), status=410)
    login_user(user)
    return user
