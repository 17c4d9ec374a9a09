"""Kunjungan's part in citizens' data rights (manifest hooks): the bookings of an account, and
what a deletion request does to them.

A booking is also a sales record (tickets paid at a counter or online), so it stays with its
seats, price and dates; only who booked it (name, email, cancellation note) is erased.
"""

from __future__ import annotations

from typing import Any

from kiblat.modules.kunjungan.services.booking import of_user
from kiblat.platform.core.texts import _
from kiblat.platform.modular.manifest import ErasureReport

ERASED = "(dihapus)"


def personal_data(user_id: int) -> dict[str, Any]:
    return {"pemesanan": [{
        "kode": b.code, "tempat": b.slot.place.name, "mulai": b.slot.starts_at.isoformat(),
        "atas_nama": b.name, "email": b.email, "jumlah_tiket": b.seats, "total": b.total, "status": b.status,
        "dipesan": b.created_at.isoformat(), "dibayar": b.paid_at.isoformat() if b.paid_at else None,
        "dibatalkan": b.cancelled_at.isoformat() if b.cancelled_at else None, "alasan_batal": b.cancel_reason,
    } for b in of_user(user_id)]}


def erase_personal_data(user_id: int) -> ErasureReport:
    bookings = of_user(user_id)
    for booking in bookings:
        booking.name, booking.email, booking.cancel_reason = ERASED, "", ""
    if not bookings:
        return ErasureReport((), ())
    return ErasureReport(
        (_("Kunjungan: nama dan email pada %(count)s pemesanan tiket.", count=len(bookings)),),
        (_("Kunjungan: pemesanan tiket tetap tercatat tanpa nama (tanggal, jumlah tiket, harga) sebagai catatan "
           "penjualan tiket."),))
