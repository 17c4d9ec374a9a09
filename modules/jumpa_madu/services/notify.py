"""Emails to the nasabah, stored in the outbox and delivered by the job queue."""

from __future__ import annotations

from kiblat.modules.jumpa_madu.models import Nasabah, SavingsWithdrawal, WasteDeposit, WastePickup
from kiblat.platform.identity.models import User
from kiblat.platform.jobs.queue import enqueue
from kiblat.platform.mail.sender import queue_message
from kiblat.platform.web.formatting import INDONESIAN, kilograms, long_date, rupiah
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


def _send(user_id: int, subject: str, body: str, key: str) -> None:
    user = tenant_db.session.get(User, user_id)
    if user is None or not user.email:
        return  # phone-only nasabah: they see everything in their savings book
    slug = current_tenant.slug
    message = queue_message(user.email, subject, f"Yth. {user.name},\n\n{body}\n\nDLH {current_tenant.short_name}\n",
                            key=f"{slug}:jumpa_madu:{key}", tenant_slug=slug)
    enqueue("mail.deliver", {"message_id": message.id}, tenant_slug=slug)


def pickup_scheduled(pickup: WastePickup) -> None:
    window = pickup.window
    _send(pickup.nasabah.user_id, f"Penjemputan sampah #{pickup.id} dijadwalkan",
          f"Sampah Anda akan dijemput pada {long_date(pickup.pickup_date)} pukul {window.starts}–{window.ends} "
          f"di {pickup.address}.", f"pickup:{pickup.id}:scheduled")


def picked_up(deposit: WasteDeposit) -> None:
    lines = "\n".join(
        f"- {line.category.name}: {kilograms(line.grams, INDONESIAN)} kg × {rupiah(line.price_per_kg, INDONESIAN)}/kg = {rupiah(line.amount, INDONESIAN)}"
        for line in deposit.lines
    )
    nasabah = tenant_db.session.get(Nasabah, deposit.nasabah_id)
    _send(nasabah.user_id, f"Tanda terima setoran sampah #{deposit.id}",
          f"Sampah Anda sudah dijemput dan ditimbang.\n\n{lines}\n\nJumlah dikreditkan: {rupiah(deposit.total_amount, INDONESIAN)}",
          f"deposit:{deposit.id}")


def withdrawal_paid(withdrawal: SavingsWithdrawal) -> None:
    how = "tunai" if withdrawal.method == "cash" else f"transfer bank (ref. {withdrawal.payment_reference})"
    _send(withdrawal.nasabah.user_id, f"Penarikan #{withdrawal.id} sudah dibayar",
          f"Penarikan sebesar {rupiah(withdrawal.amount, INDONESIAN)} sudah dibayarkan secara {how}.",
          f"withdrawal:{withdrawal.id}:paid")
