"""Which of the modules' living datasets the walidata chose to publish, and when each was last
regenerated."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kiblat.tenants.database import TenantModel
from kiblat.tenants.models import utcnow


class LivingDataset(TenantModel):
    __tablename__ = "satu_data_living"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)  # "<module key>.<dataset key>"
    opd_id: Mapped[int] = mapped_column(ForeignKey("opd.id"))
    chosen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    refreshed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
