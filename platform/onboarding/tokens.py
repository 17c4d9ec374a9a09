"""One-time, expiring tokens of applicants (email verification, the handoff to a regency's
host). Only a SHA-256 is stored; a token is spent by a guarded update, so it works once."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from kiblat.platform.core.extensions import db
from kiblat.platform.core.texts import _
from kiblat.platform.core.times import as_utc
from kiblat.platform.onboarding.errors import OnboardingError
from kiblat.platform.onboarding.models import OnboardingToken

VERIFY_EMAIL, HANDOFF = "verify_email", "handoff"
LIFETIMES = {VERIFY_EMAIL: timedelta(days=2), HANDOFF: timedelta(minutes=2)}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(applicant_id: int, purpose: str, tenant_slug: str | None = None) -> str:
    """A new token; the applicant's older unused ones of this purpose stop working. Flushes."""
    now = datetime.now(UTC)
    db.session.execute(
        update(OnboardingToken)
        .where(OnboardingToken.applicant_id == applicant_id, OnboardingToken.purpose == purpose,
               OnboardingToken.used_at.is_(None))
        .values(used_at=now)
    )
    token = secrets.token_urlsafe(32)
    db.session.add(OnboardingToken(applicant_id=applicant_id, purpose=purpose, token_hash=_hash(token),
                                   tenant_slug=tenant_slug, expires_at=now + LIFETIMES[purpose]))
    db.session.flush()
    return token


def spend(token: str, purpose: str, tenant_slug: str | None = None) -> OnboardingToken:
    """Use the token once (commits); OnboardingError says why it cannot be used."""
    unknown = OnboardingError(_("Tautan ini tidak dikenal, sudah dipakai atau sudah kedaluwarsa."), status=410)
    if not token or len(token) > 100:
        raise unknown
    record = db.session.scalar(
        select(OnboardingToken).where(OnboardingToken.token_hash == _hash(token), OnboardingToken.purpose == purpose)
    )
    if (record is None or record.used_at is not None or as_utc(record.expires_at) < datetime.now(UTC)
            or record.tenant_slug != tenant_slug):
        raise unknown
    spent = db.session.execute(
        update(OnboardingToken).where(OnboardingToken.id == record.id, OnboardingToken.used_at.is_(None))
        .values(used_at=datetime.now(UTC))
    ).rowcount
    db.session.commit()
    if spent != 1:
        raise unknown
    return record


def owner_of_used(token: str, purpose: str) -> int | None:
    """The applicant id of a token that was already used (a link opened again), else None."""
    if not token or len(token) > 100:
        return None
    record = db.session.scalar(
        select(OnboardingToken).where(OnboardingToken.token_hash == _hash(token), OnboardingToken.purpose == purpose,
                                      OnboardingToken.used_at.is_not(None)))
    return record.applicant_id if record is not None else None
