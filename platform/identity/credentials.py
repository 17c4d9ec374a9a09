"""A new password ends everything the old state of the account allowed: outstanding
invitations and reset links stop working, and every session signed in before is signed out."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update

from kiblat.platform.identity.models import AccountToken, Invitation, User
from kiblat.platform.identity.passwords import hash_password
from kiblat.platform.identity.sessions import user_sessions
from kiblat.platform.identity.tokens import ASSISTED_RESET, RESET_PASSWORD
from kiblat.tenants.database import tenant_db


def retire_password_links(user: User) -> None:
    """Every unused invitation and password-reset link of ``user`` stops working. Does not commit."""
    now = datetime.now(UTC)
    session = tenant_db.session
    session.execute(
        update(Invitation).where(Invitation.user_id == user.id, Invitation.used_at.is_(None)).values(used_at=now)
    )
    session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == user.id, AccountToken.purpose.in_((RESET_PASSWORD, ASSISTED_RESET)),
               AccountToken.used_at.is_(None))
        .values(used_at=now)
    )


def store_new_password(user: User, password: str) -> None:
    """Hash and store ``password`` (already checked for strength), retire the user's password
    links and sign out every session (a new session version). Does not commit."""
    retire_password_links(user)
    user.password_hash = hash_password(password)
    user.session_version = (user.session_version or 1) + 1
    user_sessions.end_all(user.id)
