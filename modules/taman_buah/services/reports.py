"""Daily fruit sales and kilograms per commodity, with visitors from Kunjungan beside them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from kiblat.modules.taman_buah.models import Commodity, Sale, SaleLine
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


@dataclass(frozen=True)
class DaySales:
    day: date
    sales: int
    grams: int
    revenue: int


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    zone = ZoneInfo(current_tenant.time_zone)
    lower = datetime.combine(start, time(0), tzinfo=zone).astimezone(UTC)
    upper = datetime.combine(end + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return lower, upper


def sales_per_day(start: date, end: date) -> list[DaySales]:
    zone = ZoneInfo(current_tenant.time_zone)
    lower, upper = _bounds(start, end)
    days: dict[date, list[int]] = {}
    for sold_at, grams, total in tenant_db.session.execute(
            select(Sale.sold_at, Sale.total_grams, Sale.total).where(Sale.sold_at >= lower, Sale.sold_at < upper)):
        moment = sold_at if sold_at.tzinfo else sold_at.replace(tzinfo=UTC)
        figures = days.setdefault(moment.astimezone(zone).date(), [0, 0, 0])
        figures[0] += 1
        figures[1] += grams
        figures[2] += total
    return [DaySales(day, *values) for day, values in sorted(days.items())]


@dataclass(frozen=True)
class DayRow:
    """One line of the daily report: visitors who came in beside the fruit sold."""

    day: date
    visitors: int
    sales: int
    grams: int
    revenue: int


def daily(start: date, end: date, visitors: dict[date, int]) -> list[DayRow]:
    """Every day from ``start`` to ``end`` with visitors or sales, in date order.

    ``visitors`` maps a local day to the park's visitors that day (from Kunjungan); a day
    with visitors but no fruit sold is a row of zero sales, and the other way round."""
    sold = {d.day: d for d in sales_per_day(start, end)}
    rows = []
    for day in sorted(set(sold) | {d for d, n in visitors.items() if n is not None and start <= d <= end}):
        found = sold.get(day)
        rows.append(DayRow(day, visitors.get(day, 0), found.sales if found else 0, found.grams if found else 0,
                           found.revenue if found else 0))
    return rows


def per_commodity(start: date, end: date) -> list[tuple[str, int, int]]:
    """(fruit, grams, Rupiah) sold from ``start`` to ``end``."""
    lower, upper = _bounds(start, end)
    rows = tenant_db.session.execute(
        select(Commodity.name, func.sum(SaleLine.grams), func.sum(SaleLine.amount))
        .join(SaleLine, SaleLine.commodity_id == Commodity.id).join(Sale, SaleLine.sale_id == Sale.id)
        .where(Sale.sold_at >= lower, Sale.sold_at < upper)
        .group_by(Commodity.name, Commodity.position).order_by(Commodity.position))
    return [(name, int(grams), int(amount)) for name, grams, amount in rows]
