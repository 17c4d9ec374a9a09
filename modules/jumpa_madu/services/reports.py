"""Figures for DLH: kilograms by category, month and area, money paid out, activity.

Months are calendar months in UTC (the regency's day boundary differs by 7–9 hours, which
matters only for deposits weighed around midnight)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import format_decimal, gettext
from sqlalchemy import extract, func, select

from kiblat.modules.jumpa_madu.models import (
    Nasabah,
    PickupWindow,
    SavingsWithdrawal,
    WasteCategory,
    WasteDeposit,
    WasteDepositLine,
    WastePickup,
)
from kiblat.platform.modular.manifest import AssistedCount
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa, Kecamatan


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)


def kg_this_year(now: datetime | None = None) -> int:
    """Grams weighed since 1 January of this year."""
    start, end = _year_bounds((now or datetime.now(UTC)).year)
    return int(tenant_db.session.scalar(
        select(func.coalesce(func.sum(WasteDeposit.total_grams), 0))
        .where(WasteDeposit.weighed_at >= start, WasteDeposit.weighed_at < end)
    ) or 0)


def home_summary() -> str | None:
    """The manifest's ``home_summary``: this year's recycled kilograms, for the home page."""
    grams = kg_this_year()
    if not grams:
        return None
    return gettext("%(kg)s kg sampah didaur ulang tahun ini", kg=format_decimal(round(grams / 1000)))


def grams_by_category_month(year: int) -> list[tuple[int, str, int, int]]:
    """(month, category name, grams, Rupiah credited) for the year."""
    start, end = _year_bounds(year)
    month = extract("month", WasteDeposit.weighed_at)
    rows = tenant_db.session.execute(
        select(month, WasteCategory.name, func.sum(WasteDepositLine.grams), func.sum(WasteDepositLine.amount))
        .join(WasteDeposit, WasteDeposit.id == WasteDepositLine.deposit_id)
        .join(WasteCategory, WasteCategory.id == WasteDepositLine.category_id)
        .where(WasteDeposit.weighed_at >= start, WasteDeposit.weighed_at < end)
        .group_by(month, WasteCategory.name).order_by(month, WasteCategory.name)
    )
    return [(int(m), name, int(g), int(a)) for m, name, g, a in rows]


@dataclass(frozen=True)
class AreaRow:
    kecamatan: str
    desa: str
    grams: int
    deposits: int


def grams_by_area(year: int) -> list[AreaRow]:
    start, end = _year_bounds(year)
    rows = tenant_db.session.execute(
        select(Kecamatan.name, Desa.name, func.sum(WasteDeposit.total_grams), func.count(WasteDeposit.id))
        .join(Desa, Desa.code == WasteDeposit.desa_code).join(Kecamatan, Kecamatan.code == Desa.kecamatan_code)
        .where(WasteDeposit.weighed_at >= start, WasteDeposit.weighed_at < end)
        .group_by(Kecamatan.name, Desa.name).order_by(Kecamatan.name, Desa.name)
    )
    return [AreaRow(k, d, int(g), int(n)) for k, d, g, n in rows]


def paid_out_by_month(year: int) -> list[tuple[int, int, int]]:
    """(month, withdrawals paid, Rupiah paid)."""
    start, end = _year_bounds(year)
    month = extract("month", SavingsWithdrawal.paid_at)
    rows = tenant_db.session.execute(
        select(month, func.count(SavingsWithdrawal.id), func.sum(SavingsWithdrawal.amount))
        .where(SavingsWithdrawal.status == "paid", SavingsWithdrawal.paid_at >= start,
               SavingsWithdrawal.paid_at < end)
        .group_by(month).order_by(month)
    )
    return [(int(m), int(n), int(a)) for m, n, a in rows]


@dataclass(frozen=True)
class Activity:
    nasabah: int
    active_90_days: int
    pickups_done: int
    pickups_on_time: int


def activity(now: datetime | None = None) -> Activity:
    """Active = weighed in the last 90 days. On time = weighed on the scheduled day, before the
    window's end (local time of the regency)."""
    now = now or datetime.now(UTC)
    session = tenant_db.session
    total = session.scalar(select(func.count(Nasabah.id))) or 0
    active = session.scalar(
        select(func.count(func.distinct(WasteDeposit.nasabah_id)))
        .where(WasteDeposit.weighed_at >= now - timedelta(days=90))
    ) or 0
    zone = ZoneInfo(current_tenant.time_zone or "Asia/Jakarta")
    done = on_time = 0
    rows = session.execute(
        select(WastePickup.pickup_date, WastePickup.picked_up_at, PickupWindow.ends)
        .join(PickupWindow, PickupWindow.id == WastePickup.window_id)
        .where(WastePickup.status == "picked_up", WastePickup.picked_up_at >= now - timedelta(days=366))
    )
    for day, picked, ends in rows:
        done += 1
        local = (picked.replace(tzinfo=UTC) if picked.tzinfo is None else picked).astimezone(zone)
        if local.date() == day and local.strftime("%H:%M") <= ends:
            on_time += 1
    return Activity(int(total), int(active), done, on_time)


def monthly_grams(year: int) -> list[int]:
    """Twelve totals (grams per month) for the chart."""
    months = [0] * 12
    for month, _name, grams, _amount in grams_by_category_month(year):
        months[month - 1] += grams
    return months


def assisted_counts() -> list[AssistedCount]:
    """Pickups someone requested for another person's savings book (a village operator for a
    neighbour), per requester and desa (the manifest's ``assisted_services``)."""
    rows = tenant_db.session.execute(
        select(WastePickup.requested_by_user_id, WastePickup.desa_code, func.count())
        .join(Nasabah, Nasabah.id == WastePickup.nasabah_id)
        .where(WastePickup.requested_by_user_id.is_not(None), WastePickup.requested_by_user_id != Nasabah.user_id)
        .group_by(WastePickup.requested_by_user_id, WastePickup.desa_code))
    return [AssistedCount(user_id, desa_code, count) for user_id, desa_code, count in rows]
