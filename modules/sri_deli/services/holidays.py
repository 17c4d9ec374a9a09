"""The regency's holiday calendar: Indonesia's national holidays plus local ones."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from kiblat.modules.sri_deli.models import Holiday
from kiblat.platform.calendar import national_holidays
from kiblat.platform.web.formatting import long_date
from kiblat.tenants.database import tenant_db

KINDS = ("national", "local", "cuti_bersama")


class HolidayError(ValueError):
    pass


def seed_national(years: list[int]) -> int:
    """Add Indonesia's national holidays of ``years`` that are not in the calendar yet."""
    session = tenant_db.session
    present = set(session.scalars(select(Holiday.day)))
    added = 0
    for year in sorted(set(years)):
        for day, name in national_holidays(date(year, 1, 1), date(year, 12, 31)).items():
            if day not in present:
                session.add(Holiday(day=day, name=name[:120], kind="national"))
                present.add(day)
                added += 1
    session.flush()
    return added


def add_local(day: date, name: str, kind: str = "local") -> Holiday:
    name = name.strip()
    if not name:
        raise HolidayError("Nama hari libur wajib diisi")
    if kind not in KINDS:
        raise HolidayError("Jenis hari libur tidak dikenal")
    session = tenant_db.session
    if session.scalar(select(Holiday).where(Holiday.day == day)) is not None:
        raise HolidayError(f"Tanggal {long_date(day)} sudah ada di kalender libur")
    holiday = Holiday(day=day, name=name[:120], kind=kind)
    session.add(holiday)
    session.flush()
    return holiday


def holiday_set() -> frozenset[date]:
    return frozenset(tenant_db.session.scalars(select(Holiday.day)))


def calendar(year: int) -> list[Holiday]:
    return list(tenant_db.session.scalars(
        select(Holiday).where(Holiday.day >= date(year, 1, 1), Holiday.day <= date(year, 12, 31))
        .order_by(Holiday.day)))
