"""Attempt counters in the control plane: shared by every worker of a deployment without
Redis (the embedded SQLite instance included)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kiblat.platform.core.extensions import db


class ThrottleCounter(db.Model):
    """Attempts of one subject (an account, an address) against one limit in the current window."""

    __tablename__ = "throttle_counters"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    # Unix time at which the window ends and the count starts again from zero.
    window_ends: Mapped[int] = mapped_column(BigInteger, index=True)
