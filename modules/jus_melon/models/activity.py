"""Business activities (KBLI-style), managed by the regency: configuration."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kiblat.tenants.database import TenantModel


class Activity(TenantModel):
    __tablename__ = "jus_melon_activity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)  # KBLI 2020, five digits
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
