"""Emails to visitors, stored in the outbox and delivered by the job queue."""

from __future__ import annotations

from kiblat.modules.kunjungan.models import Booking
from kiblat.modules.kunjungan.services import clock
from kiblat.platform.jobs.queue import enqueue
from kiblat.platform.mail.sender import queue_message
from kiblat.platform.web.formatting import INDONESIAN, long_date, rupiah
from kiblat.tenants.context import current_tenant


def _when(booking: Booking) -> str:
    starts, ends = clock.local(booking.slot.starts_at), clock.local(booking.slot.ends_at)
    return f"{long_date(starts.date(), INDONESIAN)} pukul {starts:%H.%M}–{ends:%H.%M} {starts.tzname()}"


def _send(booking: Booking, subject: str, body: str, key: str) -> None:
    if not booking.email:
        return  # a walk-in without email keeps the printed tickets
    slug = current_tenant.slug
    message = queue_message(booking.email, subject,
                            f"Yth. {booking.name},\n\n{body}\n\n{booking.slot.place.name}\n{current_tenant.official_name}\n",
                            key=f"{slug}:kunjungan:{key}", tenant_slug=slug)
    enqueue("mail.deliver", {"message_id": message.id}, tenant_slug=slug)


def booked(booking: Booking, url: str) -> None:
    if booking.paid_at:
        pay = "Pembayaran sudah diterima."
    elif booking.pay_online:
        pay = (f"Selesaikan pembayaran online sebelum {clock.local(booking.expires_at):%H.%M %Z}; "
               f"tiket QR terbit begitu pembayaran diterima.")
    else:
        pay = (f"Bayar di loket (tunai atau QRIS) sebelum masuk; tanpa pembayaran pesanan batal "
               f"pada {clock.local(booking.expires_at):%H.%M %Z}.")
    _send(booking, f"Tiket kunjungan {booking.code}",
          f"{booking.seats} tiket untuk {_when(booking)}, total {rupiah(booking.total, INDONESIAN)}.\n{pay}\n\n"
          f"Tiket QR Anda: {url}", f"booking:{booking.id}:booked")


def cancelled(booking: Booking, refund: int) -> None:
    money = f"\nDana sebesar {rupiah(refund, INDONESIAN)} dikembalikan di loket." if refund else ""
    _send(booking, f"Pemesanan {booking.code} dibatalkan",
          f"Pemesanan {booking.seats} tiket untuk {_when(booking)} dibatalkan ({booking.cancel_reason}).{money}",
          f"booking:{booking.id}:cancelled")


def paid_online(booking: Booking, url: str) -> None:
    _send(booking, f"Pembayaran tiket {booking.code} diterima",
          f"Pembayaran {rupiah(booking.total, INDONESIAN)} untuk {booking.seats} tiket pada {_when(booking)} "
          f"sudah diterima.\n\nTiket QR Anda: {url}", f"booking:{booking.id}:paid_online")
