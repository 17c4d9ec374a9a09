"""Withdrawals: the money is held (debited) when the request is accepted, so two requests
can never spend the same Rupiah; a rejection releases it with a new credit entry."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from kiblat.modules.jumpa_madu.models import Nasabah, SavingsWithdrawal
from kiblat.modules.jumpa_madu.services import config, ledger, notify
from kiblat.modules.jumpa_madu.services.errors import InsufficientBalance, JumpaMaduError
from kiblat.platform.identity.audit.service import record
from kiblat.platform.web.formatting import INDONESIAN, rupiah
from kiblat.tenants.database import tenant_db

METHODS = {"cash": "Tunai", "transfer": "Transfer bank"}


def request(nasabah_id: int, amount: int, actor_id: int | None) -> SavingsWithdrawal:
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise JumpaMaduError("Jumlah penarikan harus bilangan bulat Rupiah lebih dari nol.")
    minimum = config.policy().min_withdrawal
    if amount < minimum:
        raise JumpaMaduError(f"Penarikan paling sedikit {rupiah(minimum, INDONESIAN)}.")
    session = tenant_db.session
    if session.get(Nasabah, nasabah_id) is None:
        raise JumpaMaduError("Nasabah tidak ditemukan.")
    balance = ledger.lock_account(session, nasabah_id)
    if amount > balance:
        session.rollback()
        raise InsufficientBalance(
            f"Saldo tidak cukup: saldo Anda {rupiah(balance, INDONESIAN)}, diminta {rupiah(amount, INDONESIAN)}."
        )
    withdrawal = SavingsWithdrawal(nasabah_id=nasabah_id, amount=amount, status="requested",
                            requested_by_user_id=actor_id, created_at=datetime.now(UTC))
    session.add(withdrawal)
    session.flush()
    entry = ledger.post(session, nasabah_id, -amount, "withdrawal", actor_id=actor_id,
                        memo=f"Penarikan #{withdrawal.id} diajukan", reference=f"withdrawal:{withdrawal.id}")
    withdrawal.hold_entry_id = entry.id
    record("jumpa_madu.withdrawal.request", "jumpa_madu_withdrawal", withdrawal.id, amount=amount)
    session.commit()
    return withdrawal


def _locked(withdrawal_id: int) -> SavingsWithdrawal:
    session = tenant_db.session
    found = session.get(SavingsWithdrawal, withdrawal_id)
    if found is None:
        raise JumpaMaduError("Permintaan penarikan tidak ditemukan.")
    ledger.lock_account(session, found.nasabah_id)
    session.refresh(found)
    return found


def approve(withdrawal_id: int, actor_id: int | None) -> SavingsWithdrawal:
    withdrawal = _locked(withdrawal_id)
    if withdrawal.status != "requested":
        tenant_db.session.rollback()
        raise JumpaMaduError("Hanya permintaan yang baru diajukan yang dapat disetujui.")
    withdrawal.status, withdrawal.approved_at = "approved", datetime.now(UTC)
    withdrawal.decided_by_user_id = actor_id
    record("jumpa_madu.withdrawal.approve", "jumpa_madu_withdrawal", withdrawal.id, amount=withdrawal.amount)
    tenant_db.session.commit()
    return withdrawal


def mark_paid(withdrawal_id: int, method: str, reference: str, actor_id: int | None) -> SavingsWithdrawal:
    reference = (reference or "").strip()[:80]
    if method not in METHODS:
        raise JumpaMaduError("Pilih cara pembayaran: tunai atau transfer bank.")
    if method == "transfer" and not reference:
        raise JumpaMaduError("Isi nomor referensi transfer bank.")
    withdrawal = _locked(withdrawal_id)
    if withdrawal.status != "approved":
        tenant_db.session.rollback()
        raise JumpaMaduError("Hanya penarikan yang sudah disetujui yang dapat ditandai dibayar.")
    withdrawal.status, withdrawal.paid_at = "paid", datetime.now(UTC)
    withdrawal.method, withdrawal.payment_reference = method, reference
    record("jumpa_madu.withdrawal.paid", "jumpa_madu_withdrawal", withdrawal.id, amount=withdrawal.amount,
           method=method, reference=reference)
    tenant_db.session.commit()
    notify.withdrawal_paid(withdrawal)
    return withdrawal


def reject(withdrawal_id: int, reason: str, actor_id: int | None) -> SavingsWithdrawal:
    reason = (reason or "").strip()[:300]
    if not reason:
        raise JumpaMaduError("Alasan penolakan wajib diisi.")
    session = tenant_db.session
    withdrawal = _locked(withdrawal_id)
    if withdrawal.status not in ("requested", "approved"):
        session.rollback()
        raise JumpaMaduError("Penarikan yang sudah dibayar atau ditolak tidak dapat ditolak lagi.")
    entry = ledger.post(session, withdrawal.nasabah_id, withdrawal.amount, "withdrawal_release",
                        actor_id=actor_id, memo=f"Penarikan #{withdrawal.id} ditolak: {reason}",
                        reference=f"withdrawal:{withdrawal.id}", reverses_entry_id=withdrawal.hold_entry_id)
    withdrawal.status, withdrawal.reject_reason = "rejected", reason
    withdrawal.release_entry_id, withdrawal.decided_by_user_id = entry.id, actor_id
    record("jumpa_madu.withdrawal.reject", "jumpa_madu_withdrawal", withdrawal.id, reason=reason)
    session.commit()
    return withdrawal


def of_nasabah(nasabah_id: int) -> list[SavingsWithdrawal]:
    return list(tenant_db.session.scalars(
        select(SavingsWithdrawal).where(SavingsWithdrawal.nasabah_id == nasabah_id).order_by(SavingsWithdrawal.id.desc())
    ))


def open_requests() -> list[SavingsWithdrawal]:
    return list(tenant_db.session.scalars(
        select(SavingsWithdrawal).where(SavingsWithdrawal.status.in_(("requested", "approved"))).order_by(SavingsWithdrawal.id)
    ))


def by_reference(references: list[str]) -> dict[str, SavingsWithdrawal]:
    ids = [int(r.split(":", 1)[1]) for r in references if r.startswith("withdrawal:")]
    if not ids:
        return {}
    return {f"withdrawal:{w.id}": w for w in tenant_db.session.scalars(select(SavingsWithdrawal).where(SavingsWithdrawal.id.in_(ids)))}
