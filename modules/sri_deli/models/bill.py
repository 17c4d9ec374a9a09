"""Retribusi: the bill a paid permit gets after approval; the permit is issued once it is paid."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiblat.modules.sri_deli.models.application import Application
from kiblat.tenants.database import TenantModel
from kiblat.tenants.models import utcnow

# Bill states: waiting for payment, paid (confirmed by the treasurer), expired unpaid.
UNPAID, PAID, EXPIRED = "belum_bayar", "lunas", "kedaluwarsa"
BILL_LABELS = {UNPAID: _l("Belum dibayar"), PAID: _l("Lunas"), EXPIRED: _l("Kedaluwarsa")}


class Bill(TenantModel):
    __tablename__ = "sri_deli_bill"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("sri_deli_application.id", ondelete="CASCADE"),
                                                unique=True)
    # Kode bayar: digits only, so it can be typed at a bank teller or in a banking app.
    code: Mapped[str] = mapped_column(String(20), unique=True)
    amount: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default=UNPAID, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    paid_amount: Mapped[int | None] = mapped_column(Integer, nullable=True)
    paid_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    reference: Mapped[str] = mapped_column(String(80), default="")
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    confirmed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    confirmed_by_name: Mapped[str] = mapped_column(String(120), default="")
    expired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    application: Mapped[Application] = relationship(Application, lazy="joined")
