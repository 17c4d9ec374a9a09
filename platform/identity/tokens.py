"""One-time emailed links for a user: verify the email address, reset the password.

Only a SHA-256 of the token is stored, so a copy of the database cannot be used to
take over an account. Issuing a new link for a purpose retires the user's older ones.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from kiblat.platform.core.texts import _
from kiblat.platform.core.times import as_utc
from kiblat.platform.identity.models import AccountToken, User
from kiblat.tenants.database import tenant_db

VERIFY_EMAIL = "verify_email"
RESET_PASSWORD = "reset_password"
# A short code an officer gives a citizen without email at the counter (assisted_reset.py).
ASSISTED_RESET = "assisted_reset"
LIFETIMES = {VERIFY_EMAIL: timedelta(days=2), RESET_PASSWORD: timedelta(hours=1),
             ASSISTED_RESET: timedelta(minutes=30)}


class TokenError(ValueError):
    """The link cannot be used; the message is shown to the person."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, purpose: str, lifetime: timedelta | None = None) -> str:
    """A new one-time token; older unused ones of the same purpose stop working. Flushes."""
    session = tenant_db.session
    now = datetime.now(UTC)
    session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == user.id, AccountToken.purpose == purpose, AccountToken.used_at.is_(None))
        .values(used_at=now)
    )
    token = secrets.token_urlsafe(32)
    session.add(AccountToken(user_id=user.id, purpose=purpose, token_hash=_hash(token),
                             expires_at=now + (lifetime or LIFETIMES[purpose])))
    session.flush()
    return token


def find_token(token: str, purpose: str) -> AccountToken:
    """The usable token, or TokenError saying why it is not (unknown, used, expired)."""
    if not token or len(token) > 100:
        raise TokenError(_("Tautan ini tidak dikenal. Periksa kembali tautan pada email Anda."))
    record = tenant_db.session.scalar(
        select(AccountToken).where(AccountToken.token_hash == _hash(token), AccountToken.purpose == purpose)
    )
    if record is None:
        raise TokenError(_("Tautan ini tidak dikenal. Periksa kembali tautan pada email Anda."))
    if record.used_at is not None:
        raise TokenError(_("Tautan ini sudah dipakai atau sudah diganti dengan tautan yang lebih baru."))
    if as_utc(record.expires_at) < datetime.now(UTC):
        raise TokenError(_("Tautan ini sudah kedaluwarsa. Mintalah tautan baru."))
    return record


def use_token(token: str, purpose: str) -> User:
    """Spend the token once (a second, simultaneous use fails); returns its user. Does not commit."""
    record = find_token(token, purpose)
    used = tenant_db.session.execute(
        update(AccountToken)
        .where(AccountToken.id == record.id, AccountToken.used_at.is_(None))
        .values(used_at=datetime.now(UTC))
    ).rowcount
    if used != 1:
        tenant_db.session.rollback()
        raise TokenError(_("Tautan ini sudah dipakai atau sudah diganti dengan tautan yang lebih baru."))
    user = tenant_db.session.get(User, record.user_id)
    if user is None or not user.active:
        raise TokenError(_("Akun untuk tautan ini tidak aktif."))
    return user
