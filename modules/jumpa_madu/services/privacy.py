"""Jumpa Madu's part in citizens' data rights and the satisfaction survey (manifest hooks)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from kiblat.modules.jumpa_madu.models import (
    LedgerEntry,
    Nasabah,
    SavingsBalance,
    SavingsWithdrawal,
    WasteBank,
    WasteDeposit,
    WastePickup,
)
from kiblat.platform.core.texts import _
from kiblat.platform.modular.manifest import CompletedService, ErasureReport
from kiblat.platform.storage.files import tenant_storage
from kiblat.tenants.database import tenant_db

ERASED = "(dihapus)"


def _nasabah(user_id: int) -> Nasabah | None:
    return tenant_db.session.scalar(select(Nasabah).where(Nasabah.user_id == user_id))


def _bank_names() -> dict[int, str]:
    return dict(tenant_db.session.execute(select(WasteBank.id, WasteBank.name)).all())


def completed_services(user_id: int) -> list[CompletedService]:
    """Pickups done and withdrawals paid, each served by its waste bank."""
    nasabah = _nasabah(user_id)
    if nasabah is None:
        return []
    banks = _bank_names()
    session = tenant_db.session
    done = [CompletedService(ref=f"jemput-{p.id}", service="Penjemputan sampah", unit=banks.get(p.bank_id, ""),
                             completed_at=p.picked_up_at)
            for p in session.scalars(select(WastePickup).where(
                WastePickup.nasabah_id == nasabah.id, WastePickup.status == "picked_up",
                WastePickup.picked_up_at.is_not(None)))]
    done += [CompletedService(ref=f"tarik-{w.id}", service="Penarikan tabungan sampah",
                              unit=banks.get(nasabah.bank_id, ""), completed_at=w.paid_at)
             for w in session.scalars(select(SavingsWithdrawal).where(
                 SavingsWithdrawal.nasabah_id == nasabah.id, SavingsWithdrawal.status == "paid",
                 SavingsWithdrawal.paid_at.is_not(None)))]
    return done


def personal_data(user_id: int) -> dict[str, Any]:
    nasabah = _nasabah(user_id)
    if nasabah is None:
        return {}
    session = tenant_db.session
    balance = session.get(SavingsBalance, nasabah.id)
    return {
        "nasabah": {"nomor_rekening": nasabah.account_no, "bank_sampah": _bank_names().get(nasabah.bank_id),
                    "desa": nasabah.desa_code, "alamat": nasabah.address, "lintang": nasabah.latitude,
                    "bujur": nasabah.longitude, "terdaftar": nasabah.created_at.isoformat()},
        "saldo": balance.balance if balance else 0,
        "buku_tabungan": [{"waktu": e.created_at.isoformat(), "jenis": e.kind, "jumlah": e.amount,
                           "saldo_setelah": e.balance_after, "keterangan": e.memo}
                          for e in session.scalars(select(LedgerEntry).where(LedgerEntry.nasabah_id == nasabah.id)
                                                   .order_by(LedgerEntry.id))],
        "penjemputan": [{"tanggal": p.pickup_date.isoformat(), "status": p.status, "alamat": p.address}
                        for p in session.scalars(select(WastePickup).where(WastePickup.nasabah_id == nasabah.id)
                                                 .order_by(WastePickup.id))],
        "setoran": [{"waktu": d.weighed_at.isoformat(), "gram": d.total_grams, "rupiah": d.total_amount}
                    for d in session.scalars(select(WasteDeposit).where(WasteDeposit.nasabah_id == nasabah.id)
                                             .order_by(WasteDeposit.id))],
        "penarikan": [{"diminta": w.created_at.isoformat(), "jumlah": w.amount, "status": w.status}
                      for w in session.scalars(select(SavingsWithdrawal)
                                               .where(SavingsWithdrawal.nasabah_id == nasabah.id)
                                               .order_by(SavingsWithdrawal.id))],
    }


def erase_personal_data(user_id: int) -> ErasureReport:
    """Addresses, map points and pickup photos go; the ledger and the balance stay."""
    nasabah = _nasabah(user_id)
    if nasabah is None:
        return ErasureReport()
    storage = tenant_storage()
    nasabah.address = ERASED
    nasabah.latitude = nasabah.longitude = None
    for pickup in tenant_db.session.scalars(select(WastePickup).where(WastePickup.nasabah_id == nasabah.id)):
        pickup.address = ERASED
        if pickup.photo_key:
            if storage.exists(pickup.photo_key):
                storage.delete(pickup.photo_key)
            pickup.photo_key = None
    balance = tenant_db.session.get(SavingsBalance, nasabah.id)
    kept = [_("Bank sampah: buku tabungan (setoran, penarikan) sebagai catatan keuangan.")]
    if balance is not None and balance.balance > 0:
        kept.append(_("Bank sampah: saldo tabungan Anda tetap tersimpan dan dapat ditarik di bank sampah "
                      "dengan nomor rekening %(account)s.", account=nasabah.account_no))
    return ErasureReport((_("Bank sampah: alamat, titik lokasi dan foto penjemputan."),), tuple(kept))
