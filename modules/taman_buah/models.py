"""Taman Buah tables, all named ``taman_buah_*``.

Configuration (copied from a template regency): the park's texts, its attractions and
facilities, commodities with their seasons and price history. Visitor data: photos,
ripeness subscriptions, pick-and-weigh sales and their lines.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiblat.tenants.database import TenantModel
from kiblat.tenants.models import utcnow


class Park(TenantModel):
    """One row: the park's own texts and its ticketing place in Kunjungan."""

    __tablename__ = "taman_buah_park"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    about: Mapped[str] = mapped_column(Text, default="")
    opening_hours: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    directions: Mapped[str] = mapped_column(Text, default="")
    place_key: Mapped[str] = mapped_column(String(60))


class Feature(TenantModel):
    """An attraction (``attraction``) or a facility (``facility``) of the park."""

    __tablename__ = "taman_buah_feature"
    __table_args__ = (CheckConstraint("kind IN ('attraction', 'facility')", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(String(500), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class Photo(TenantModel):
    __tablename__ = "taman_buah_photo"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    storage_key: Mapped[str] = mapped_column(String(300))
    media_type: Mapped[str] = mapped_column(String(40))
    caption: Mapped[str] = mapped_column(String(200), default="")
    width: Mapped[int | None] = mapped_column(Integer, nullable=True)
    height: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Commodity(TenantModel):
    """A fruit sold by weight. ``season`` lists its months (``12,1,2``); ``status`` is what
    staff see in the trees today: ``ripe``, ``soon`` or ``out``. ``unit`` is how the price is
    read out (``kg`` or ``ons``, 100 g); prices are always stored per kg."""

    __tablename__ = "taman_buah_commodity"
    __table_args__ = (CheckConstraint("status IN ('ripe', 'soon', 'out')", name="status"),
                      CheckConstraint("unit IN ('kg', 'ons')", name="unit"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    season: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(5), default="out")
    status_note: Mapped[str] = mapped_column(String(200), default="")
    status_updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    unit: Mapped[str] = mapped_column(String(3), default="kg")
    position: Mapped[int] = mapped_column(Integer, default=0)


class Price(TenantModel):
    """Price per kg in whole Rupiah from ``effective_from`` on; rows are only ever added."""

    __tablename__ = "taman_buah_price"
    __table_args__ = (UniqueConstraint("commodity_id", "effective_from"),
                      CheckConstraint("price_per_kg >= 0", name="not_negative"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commodity_id: Mapped[int] = mapped_column(ForeignKey("taman_buah_commodity.id"), index=True)
    price_per_kg: Mapped[int] = mapped_column(BigInteger)
    effective_from: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Subscription(TenantModel):
    """"Tell me when durian is ripe": one mail per ripening, until the visitor unsubscribes."""

    __tablename__ = "taman_buah_subscription"
    __table_args__ = (UniqueConstraint("commodity_id", "email"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commodity_id: Mapped[int] = mapped_column(ForeignKey("taman_buah_commodity.id"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    token: Mapped[str] = mapped_column(String(40), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    notified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    commodity: Mapped[Commodity] = relationship(Commodity, lazy="joined")


class Sale(TenantModel):
    """Fruit picked and weighed at the weighing post, paid there. ``booking_code`` is the
    visitor's Kunjungan booking when they came with a ticket (blank for a walk-in)."""

    __tablename__ = "taman_buah_sale"
    __table_args__ = (CheckConstraint("total >= 0", name="total_not_negative"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_key: Mapped[str] = mapped_column(String(64), unique=True)
    booking_code: Mapped[str] = mapped_column(String(12), default="", index=True)
    visitor_name: Mapped[str] = mapped_column(String(160), default="")
    total: Mapped[int] = mapped_column(BigInteger)
    total_grams: Mapped[int] = mapped_column(BigInteger)
    sold_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    lines: Mapped[list[SaleLine]] = relationship(
        "kiblat.modules.taman_buah.models.SaleLine", back_populates="sale", lazy="selectin",
        order_by="kiblat.modules.taman_buah.models.SaleLine.id")


class SaleLine(TenantModel):
    __tablename__ = "taman_buah_sale_line"
    __table_args__ = (CheckConstraint("grams > 0", name="grams_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("taman_buah_sale.id"), index=True)
    commodity_id: Mapped[int] = mapped_column(ForeignKey("taman_buah_commodity.id"), index=True)
    grams: Mapped[int] = mapped_column(BigInteger)
    price_per_kg: Mapped[int] = mapped_column(BigInteger)
    amount: Mapped[int] = mapped_column(BigInteger)

    sale: Mapped[Sale] = relationship(Sale, back_populates="lines")
    commodity: Mapped[Commodity] = relationship(Commodity, lazy="joined")
