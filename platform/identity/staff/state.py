"""The impersonation state a regency session carries (kept in the signed Flask session)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import has_request_context, session

IMPERSONATION_KEY = "impersonation"


@dataclass(frozen=True, slots=True)
class Impersonation:
    staff_id: int
    staff_name: str
    grant_id: int
    expires_at: float  # epoch seconds

    @property
    def expired(self) -> bool:
        return time.time() >= self.expires_at

    @property
    def minutes_left(self) -> int:
        return max(0, int((self.expires_at - time.time() + 59) // 60))


def current_impersonation() -> Impersonation | None:
    """Who is impersonating the signed-in regency user in this request, if anyone."""
    if not has_request_context():
        return None
    raw = session.get(IMPERSONATION_KEY)
    if not isinstance(raw, dict):
        return None
    try:
        return Impersonation(int(raw["staff_id"]), str(raw["staff_name"]), int(raw["grant_id"]), float(raw["exp"]))
    except (KeyError, TypeError, ValueError):
        return None


def start_impersonation(staff_id: int, staff_name: str, grant_id: int, expires_at: float) -> None:
    session[IMPERSONATION_KEY] = {"staff_id": staff_id, "staff_name": staff_name, "grant_id": grant_id,
                                  "exp": expires_at}
