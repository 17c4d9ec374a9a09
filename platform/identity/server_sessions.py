"""Sessions the server knows about, so signing out really ends them.

The session cookie is signed, not stored: by itself a copy would stay valid until it
expires. Every sign-in therefore records a random session id (only its SHA-256 is kept);
the cookie carries the id, each request checks that the record still exists, and signing
out, a new password or an expired lifetime removes it. Regency users' records live in the
regency's own schema or file (``user_sessions``); platform staff and onboarding applicants'
in the control plane (``platform_sessions``).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask import Flask, Response, current_app, request, session
from sqlalchemy import DateTime, Index, Integer, String, delete
from sqlalchemy.orm import Mapped, Session, mapped_column

from kiblat.platform.core.extensions import db
from kiblat.platform.core.times import as_utc
from kiblat.tenants.models import utcnow

STAFF, APPLICANT = "staff", "applicant"
# The cookie keys holding a session id; any of them means someone is signed in.
USER_SID_KEY, STAFF_SID_KEY, APPLICANT_SID_KEY = "sid", "staff_sid", "onboarding_sid"
SESSION_ID_KEYS = (USER_SID_KEY, STAFF_SID_KEY, APPLICANT_SID_KEY)


class PlatformSession(db.Model):
    """A signed-in session of platform staff or an onboarding applicant."""

    __tablename__ = "platform_sessions"
    __table_args__ = (Index("ix_platform_sessions_kind_subject_id", "kind", "subject_id"),)

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


@dataclass(frozen=True)
class SessionStore:
    """Records of one kind of session: ``model`` rows whose ``owner`` column names the subject,
    in the database ``database()`` returns. ``fixed`` columns tell kinds apart in a shared table."""

    model: type
    owner: str
    database: Callable[[], Session]
    fixed: dict[str, str] = field(default_factory=dict)

    def _mine(self, owner_id: int) -> list:
        return [getattr(self.model, self.owner) == owner_id,
                *(getattr(self.model, k) == v for k, v in self.fixed.items())]

    def start(self, owner_id: int) -> str:
        """A new session id for ``owner_id``. Every expired record of this store is dropped on
        the way, so a deployment without any schedule still forgets people who never came back
        (``kiblat sessions prune`` does the same for regencies nobody signs in to). Does not commit."""
        now = datetime.now(UTC)
        database = self.database()
        self.prune(now)
        session_id = secrets.token_urlsafe(32)
        database.add(self.model(id_hash=_hash(session_id), created_at=now,
                                expires_at=now + current_app.permanent_session_lifetime,
                                **{self.owner: owner_id}, **self.fixed))
        database.flush()
        return session_id

    def is_live(self, session_id: object, owner_id: int) -> bool:
        if not isinstance(session_id, str) or not session_id or len(session_id) > 100:
            return False
        record = self.database().get(self.model, _hash(session_id))
        return (record is not None and getattr(record, self.owner) == owner_id
                and all(getattr(record, k) == v for k, v in self.fixed.items())
                and as_utc(record.expires_at) > datetime.now(UTC))

    def end(self, session_id: object) -> None:
        """Forget this session (signing out). Does not commit."""
        if isinstance(session_id, str) and session_id:
            self.database().execute(delete(self.model).where(self.model.id_hash == _hash(session_id)))

    def prune(self, now: datetime | None = None) -> int:
        """Forget every expired record of this store; the number forgotten. Does not commit."""
        result = self.database().execute(
            delete(self.model).where(self.model.expires_at < (now or datetime.now(UTC)),
                                     *(getattr(self.model, k) == v for k, v in self.fixed.items())))
        return result.rowcount or 0

    def end_all(self, owner_id: int) -> None:
        """Forget every session of ``owner_id`` (a new password, a revoked account). Does not commit."""
        self.database().execute(delete(self.model).where(*self._mine(owner_id)))


def _platform_database() -> Session:
    return db.session


staff_sessions = SessionStore(PlatformSession, "subject_id", _platform_database, {"kind": STAFF})
applicant_sessions = SessionStore(PlatformSession, "subject_id", _platform_database, {"kind": APPLICANT})


def _no_store_when_signed_in(response: Response) -> Response:
    """Pages for a signed-in person are never kept by browsers or proxies (shared computers in
    village offices: the back button after signing out shows nothing). Shared assets keep
    their caching."""
    current = session._get_current_object()
    if current and any(key in current for key in SESSION_ID_KEYS) and not response.cache_control.public \
            and not (request.endpoint or "").endswith("static"):
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response


def init_server_sessions(app: Flask) -> None:
    app.after_request(_no_store_when_signed_in)
