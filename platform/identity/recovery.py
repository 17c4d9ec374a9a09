"""Two-factor recovery codes: ten one-time codes shown when two-factor is switched on (and
whenever the person makes new ones), each usable once instead of the authenticator's code.

Only a keyed hash of each code is stored. Making a new set retires every older code, so a
printed sheet that went missing can be made worthless from the account page.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime

from sqlalchemy import delete, func, select, update

from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.crypto import keyed_hash
from kiblat.platform.identity.models import RecoveryCode, User
from kiblat.tenants.database import tenant_db

PURPOSE = "recovery-code"
COUNT = 10
# No 0/O, 1/l/I: a code is read off paper and typed on a phone.
ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_RE = re.compile(r"^[a-z0-9]{10}$")


def _normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def _hash(user: User, code: str) -> str:
    # Bound to the account: the same code typed for another account never matches.
    return keyed_hash(f"{user.id}:{code}", PURPOSE)


def _new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(10))


def display(code: str) -> str:
    """``abcde-fghjk``: two groups of five are easier to copy by hand."""
    return f"{code[:5]}-{code[5:]}"


def issue(user: User) -> list[str]:
    """A fresh set of codes, shown once; every older code stops working. Audited; caller commits."""
    session = tenant_db.session
    replaced = session.scalar(select(func.count()).select_from(RecoveryCode)
                              .where(RecoveryCode.user_id == user.id)) or 0
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_code() for _ in range(COUNT)]
    session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(user, code)) for code in codes)
    session.flush()
    record("account.recovery_codes.issue", "user", user.id, replaced_old_set=bool(replaced))
    return [display(code) for code in codes]


def remaining(user: User) -> int:
    return tenant_db.session.scalar(
        select(func.count()).select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ) or 0


def use(user: User, code: str) -> bool:
    """Spend one unused code of ``user`` (a second, simultaneous use of it fails). Audited;
    caller commits."""
    code = _normalise(code)
    if not CODE_RE.match(code):
        return False
    spent = tenant_db.session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash(user, code),
               RecoveryCode.used_at.is_(None))
        .values(used_at=datetime.now(UTC))
    ).rowcount
    if spent != 1:
        return False
    record("account.recovery_codes.use", "user", user.id, remaining=remaining(user))
    return True


def looks_like_recovery_code(code: str) -> bool:
    """A typed code that is not six digits is taken for a recovery code."""
    return bool(CODE_RE.match(_normalise(code)))


def forget(user: User) -> None:
    """Remove every code (two-factor switched off or reset by the admin). Caller commits."""
    tenant_db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
