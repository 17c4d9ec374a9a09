"""The walidata's data plan: which dataset each OPD is to deliver, how often."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kiblat.tenants.database import TenantModel
from kiblat.tenants.models import utcnow

FREQUENCIES = ("tahunan", "triwulanan", "bulanan")


class DataPlan(TenantModel):
    __tablename__ = "satu_data_plan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opd_id: Mapped[int] = mapped_column(ForeignKey("opd.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    frequency: Mapped[str] = mapped_column(String(12), default="tahunan")
    # Days after a period ends by which the release is due (the release schedule).
    due_days: Mapped[int] = mapped_column(Integer, default=30)
    priority: Mapped[bool] = mapped_column(Boolean, default=False)  # "data prioritas"
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
