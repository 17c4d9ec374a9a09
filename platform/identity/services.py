"""Users of a regency and one-time invitations, always inside the current tenant."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from kiblat.platform.core.texts import _
from kiblat.platform.core.times import as_utc
from kiblat.platform.identity.credentials import store_new_password
from kiblat.platform.identity.models import Invitation, User
from kiblat.platform.identity.passwords import PasswordError, check_strength
from kiblat.tenants.database import tenant_db

INVITATION_DAYS = 7


class InvitationError(ValueError):
    """The link cannot be used; the message is shown to the person."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def ensure_user(email: str, name: str, role_key: str) -> tuple[User, bool]:
    """The user with this email, created or updated to match; returns (user, changed)."""
    session = tenant_db.session
    email = email.strip().lower()
    user = session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, name=name, role_key=role_key)
        session.add(user)
        session.flush()
        return user, True
    changed = (user.name, user.role_key) != (name, role_key)
    user.name, user.role_key = name, role_key
    return user, changed


def issue_invitation(user: User, days: int = INVITATION_DAYS) -> str:
    """A new one-time token for ``user``; earlier unused ones stop working. Returns the token."""
    session = tenant_db.session
    now = datetime.now(UTC)
    session.execute(
        update(Invitation).where(Invitation.user_id == user.id, Invitation.used_at.is_(None)).values(used_at=now)
    )
    token = secrets.token_urlsafe(32)
    session.add(Invitation(user_id=user.id, token_hash=_hash(token), expires_at=now + timedelta(days=days)))
    session.flush()
    return token


def find_invitation(token: str) -> Invitation:
    """The usable invitation: unused, unexpired, for an active account that has no password yet."""
    if not token or len(token) > 100:
        raise InvitationError(_("Tautan undangan tidak berlaku atau sudah dipakai."))
    invitation = tenant_db.session.scalar(select(Invitation).where(Invitation.token_hash == _hash(token)))
    if invitation is None or invitation.used_at is not None:
        raise InvitationError(_("Tautan undangan tidak berlaku atau sudah dipakai."))
    if as_utc(invitation.expires_at) < datetime.now(UTC):
        raise InvitationError(_("Tautan undangan sudah kedaluwarsa. Mintalah undangan baru kepada administrator."))
    user = tenant_db.session.get(User, invitation.user_id)
    if user is None or not user.active or user.password_hash is not None:
        # However the password was set (this link, another one, a reset, an operator), an
        # invitation must never replace it.
        raise InvitationError(_("Tautan undangan ini tidak berlaku lagi karena akun sudah memiliki kata sandi. "
                                "Masuk dengan kata sandi Anda, atau pakai \"Lupa kata sandi\"."))
    return invitation


def accept_invitation(token: str, password: str) -> User:
    """Set the user's password and use the token up; commits."""
    try:
        check_strength(password)
    except PasswordError as exc:
        raise InvitationError(str(exc)) from None
    session = tenant_db.session
    invitation = find_invitation(token)
    # The guarded update makes two simultaneous submissions of one link succeed only once.
    used = session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.used_at.is_(None))
        .values(used_at=datetime.now(UTC))
    ).rowcount
    if used != 1:
        session.rollback()
        raise InvitationError("Tautan undangan tidak berlaku atau sudah dipakai.")
    user = session.get(User, invitation.user_id)
    store_new_password(user, password)
    # Setting a password through an emailed link proves the address.
    user.email_verified_at = user.email_verified_at or datetime.now(UTC)
    session.commit()
    return user
