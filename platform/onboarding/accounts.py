"""Applicant accounts on the platform host: sign up, verify the email, sign in, session."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import g, session
from sqlalchemy import select

from kiblat.platform import throttle
from kiblat.platform.core.extensions import db
from kiblat.platform.core.texts import _
from kiblat.platform.identity.accounts import AccountError, clean_name, normalize_email
from kiblat.platform.identity.passwords import (
    PasswordError,
    check_strength,
    hash_password,
    verify_password,
)
from kiblat.platform.identity.server_sessions import APPLICANT_SID_KEY, applicant_sessions
from kiblat.platform.onboarding import mailer, tokens
from kiblat.platform.onboarding.errors import OnboardingError
from kiblat.platform.onboarding.models import Applicant
from kiblat.platform.throttle import PLATFORM_SCOPE, Limit

SESSION_KEY, VERSION_KEY = "onboarding_applicant", "onboarding_sv"
SIGN_IN_ACCOUNT = Limit("onboarding-account", 5, 15 * 60)
SIGN_IN_IP = Limit("onboarding-ip", 20, 15 * 60)
LINK_IP = Limit("onboarding-link-ip", 20, 15 * 60)
OFFICIAL_SUFFIX = ".go.id"


def is_official_email(email: str) -> bool:
    """An address on a government domain (``…@deliserdangkab.go.id``)."""
    domain = email.rpartition("@")[2].lower()
    return domain == OFFICIAL_SUFFIX[1:] or domain.endswith(OFFICIAL_SUFFIX)


def create_applicant(*, name: str, email: str, password: str) -> Applicant:
    """Validate, store, and email a verification link (commits)."""
    try:
        email, name = normalize_email(email), clean_name(name)
        check_strength(password)
    except (AccountError, PasswordError) as exc:
        raise OnboardingError(_(str(exc))) from None
    if db.session.scalar(select(Applicant.id).where(Applicant.email == email)):
        raise OnboardingError(_("Email ini sudah terdaftar. Masuk untuk melanjutkan pendaftaran."), "email")
    applicant = Applicant(email=email, name=name, password_hash=hash_password(password), session_version=1)
    db.session.add(applicant)
    db.session.flush()
    send_verification(applicant)
    return applicant


def send_verification(applicant: Applicant) -> None:
    token = tokens.issue(applicant.id, tokens.VERIFY_EMAIL)
    db.session.commit()
    mailer.send_verification(applicant, token)


def verify_email(token: str) -> Applicant:
    record = tokens.spend(token, tokens.VERIFY_EMAIL)
    applicant = db.session.get(Applicant, record.applicant_id)
    if applicant.email_verified_at is None:
        applicant.email_verified_at = datetime.now(UTC)
        db.session.commit()
    return applicant


def verified_by_used_link(token: str) -> Applicant | None:
    """The verified applicant whose verification link this was, when it is opened again (from the
    email, to come back to a saved wizard); None for any other token."""
    applicant_id = tokens.owner_of_used(token, tokens.VERIFY_EMAIL)
    applicant = db.session.get(Applicant, applicant_id) if applicant_id else None
    return applicant if applicant is not None and applicant.verified else None


def authenticate(email: str, password: str) -> Applicant | None:
    try:
        email = normalize_email(email)
    except AccountError:
        email = ""
    applicant = db.session.scalar(select(Applicant).where(Applicant.email == email)) if email else None
    if not verify_password(applicant.password_hash if applicant else None, password or ""):
        return None
    return applicant


def sign_in_wait(email: str, address: str) -> int:
    """Seconds this account or address must wait after too many failed sign-ins (0: none).
    An applicant hands off into a regency as its admin, so this guards as much as an admin login."""
    account = (email or "").strip().lower()
    return max(throttle.retry_after(SIGN_IN_ACCOUNT, account, PLATFORM_SCOPE),
               throttle.retry_after(SIGN_IN_IP, address, PLATFORM_SCOPE))


def note_failed_sign_in(email: str, address: str) -> None:
    throttle.hit(SIGN_IN_ACCOUNT, (email or "").strip().lower(), PLATFORM_SCOPE)
    throttle.hit(SIGN_IN_IP, address, PLATFORM_SCOPE)


def clear_failed_sign_ins(email: str) -> None:
    throttle.reset(SIGN_IN_ACCOUNT, (email or "").strip().lower(), PLATFORM_SCOPE)


def sign_in(applicant: Applicant) -> None:
    """A fresh session, recorded server-side (commits)."""
    applicant_sessions.end(session.get(APPLICANT_SID_KEY))
    session.clear()
    session.permanent = True
    session[APPLICANT_SID_KEY] = applicant_sessions.start(applicant.id)
    session[SESSION_KEY] = applicant.id
    session[VERSION_KEY] = applicant.session_version
    db.session.commit()
    g.pop("kiblat_applicant", None)


def _forget() -> None:
    for key in (SESSION_KEY, VERSION_KEY, APPLICANT_SID_KEY):
        session.pop(key, None)
    g.pop("kiblat_applicant", None)


def sign_out() -> None:
    """End the session here and on the server (commits)."""
    applicant_sessions.end(session.get(APPLICANT_SID_KEY))
    db.session.commit()
    _forget()


def current_applicant() -> Applicant | None:
    if "kiblat_applicant" in g:
        return g.kiblat_applicant
    applicant = None
    applicant_id = session.get(SESSION_KEY)
    if applicant_id is not None:
        candidate = db.session.get(Applicant, applicant_id)
        if (candidate is not None and candidate.session_version == session.get(VERSION_KEY)
                and applicant_sessions.is_live(session.get(APPLICANT_SID_KEY), candidate.id)):
            applicant = candidate
        else:
            _forget()
    g.kiblat_applicant = applicant
    return applicant
