"""Answers to the satisfaction survey (Survei Kepuasan Masyarakat, PermenPAN-RB 14/2017)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from kiblat.tenants.database import TenantModel
from kiblat.tenants.models import utcnow

ELEMENT_COUNT = 9


class SurveyResponse(TenantModel):
    """One citizen's rating of one completed service: the nine SKM elements, each 1–4.

    The service and unit names are copied at answer time, so the index of a past period stays
    the same when a permit type or an OPD is renamed. ``user_id`` only prevents rating the same
    service twice; it is cleared when the citizen's data is erased (the answer stays, anonymous).
    """

    __tablename__ = "survey_response"
    __table_args__ = (
        UniqueConstraint("module_key", "ref"),
        *(CheckConstraint(f"u{n} BETWEEN 1 AND 4", name=f"u{n}_scale") for n in range(1, ELEMENT_COUNT + 1)),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    module_key: Mapped[str] = mapped_column(String(40))
    ref: Mapped[str] = mapped_column(String(60))
    service_name: Mapped[str] = mapped_column(String(200), index=True)
    unit_name: Mapped[str] = mapped_column(String(200), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True,
                                                index=True)
    u1: Mapped[int] = mapped_column(SmallInteger)
    u2: Mapped[int] = mapped_column(SmallInteger)
    u3: Mapped[int] = mapped_column(SmallInteger)
    u4: Mapped[int] = mapped_column(SmallInteger)
    u5: Mapped[int] = mapped_column(SmallInteger)
    u6: Mapped[int] = mapped_column(SmallInteger)
    u7: Mapped[int] = mapped_column(SmallInteger)
    u8: Mapped[int] = mapped_column(SmallInteger)
    u9: Mapped[int] = mapped_column(SmallInteger)
    suggestion: Mapped[str] = mapped_column(Text, default="")
    completed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)

    def scores(self) -> list[int]:
        return [self.u1, self.u2, self.u3, self.u4, self.u5, self.u6, self.u7, self.u8, self.u9]
