"""Taman Buah's part in citizens' data rights (manifest hooks): harvest notices asked with the
account's email, and fruit weighed for the account's Kunjungan bookings.

A sale is a cash record of the weighing post, so it stays (weights, prices, totals); the
visitor's name on it and the notices are erased.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from kiblat.modules.kunjungan.api import booking_codes_of
from kiblat.modules.taman_buah.models import Sale, Subscription
from kiblat.platform.core.texts import _
from kiblat.platform.identity.models import User
from kiblat.platform.modular.manifest import ErasureReport
from kiblat.tenants.database import tenant_db

ERASED = "(dihapus)"


def _subscriptions(user_id: int) -> list[Subscription]:
    user = tenant_db.session.get(User, user_id)
    if user is None or not user.email:
        return []
    return list(tenant_db.session.scalars(select(Subscription).where(
        func.lower(Subscription.email) == user.email.lower()).order_by(Subscription.id)))


def _sales(user_id: int) -> list[Sale]:
    codes = booking_codes_of(user_id)
    if not codes:
        return []
    return list(tenant_db.session.scalars(select(Sale).where(Sale.booking_code.in_(codes)).order_by(Sale.id)))


def personal_data(user_id: int) -> dict[str, Any]:
    return {
        "kabar_panen": [{"buah": s.commodity.name, "email": s.email, "sejak": s.created_at.isoformat()}
                        for s in _subscriptions(user_id)],
        "pembelian_buah": [{
            "kode_tiket": s.booking_code, "atas_nama": s.visitor_name, "waktu": s.sold_at.isoformat(),
            "total": s.total, "gram": s.total_grams,
            "buah": [{"buah": line.commodity.name, "gram": line.grams, "harga_per_kg": line.price_per_kg,
                      "jumlah": line.amount} for line in s.lines],
        } for s in _sales(user_id)],
    }


def erase_personal_data(user_id: int) -> ErasureReport:
    subscriptions, sales = _subscriptions(user_id), _sales(user_id)
    for subscription in subscriptions:
        tenant_db.session.delete(subscription)
    for sale in sales:
        sale.visitor_name = ERASED
    erased, kept = [], []
    if subscriptions:
        erased.append(_("Taman Buah: %(count)s langganan kabar panen.", count=len(subscriptions)))
    if sales:
        erased.append(_("Taman Buah: nama pada %(count)s pembelian buah.", count=len(sales)))
        kept.append(_("Taman Buah: pembelian buah tetap tercatat tanpa nama (berat, harga, total) sebagai catatan "
                      "kas pos timbang."))
    return ErasureReport(tuple(erased), tuple(kept))
