"""The regency's holiday calendar: national holidays plus local holidays and collective leave."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kiblat.tenants.database import TenantModel

HOLIDAY_KIND_LABELS = {"national": _l("Libur nasional"), "local": _l("Libur daerah"), "cuti_bersama": _l("Cuti bersama")}


class Holiday(TenantModel):
    __tablename__ = "sri_deli_holiday"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    name: Mapped[str] = mapped_column(String(120))
    # national (from the holidays package) | local (added by the regency) | cuti_bersama
    kind: Mapped[str] = mapped_column(String(20), default="national")
