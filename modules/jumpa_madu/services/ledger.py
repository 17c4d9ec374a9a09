"""The only writer of money. Every change is a new entry; nothing is edited or deleted.

A write runs in its own transaction that starts by locking the nasabah's balance row:
``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite a no-op UPDATE as the transaction's first
statement, which takes the database write lock at once (SQLite waits for it with its busy
timeout, as BEGIN IMMEDIATE would). The debit itself is a guarded
``UPDATE … SET balance = balance - x WHERE balance >= x``, and a check constraint forbids a
negative balance, so even a caller that forgot the lock cannot overdraw an account.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from kiblat.modules.jumpa_madu.models import LedgerEntry, SavingsBalance
from kiblat.modules.jumpa_madu.services import settings
from kiblat.modules.jumpa_madu.services.errors import InsufficientBalance, JumpaMaduError
from kiblat.platform.identity.audit.service import record
from kiblat.platform.web.formatting import INDONESIAN, rupiah
from kiblat.tenants.database import tenant_db

BALANCE = SavingsBalance.__table__


def open_account(session: Session, nasabah_id: int) -> None:
    """The balance row of a new nasabah (flushes; the caller commits)."""
    session.add(SavingsBalance(nasabah_id=nasabah_id, balance=0, entry_count=0))
    session.flush()


def lock_account(session: Session, nasabah_id: int) -> int:
    """Start a write transaction holding the nasabah's balance; returns the balance.

    Whatever the session did before is committed first, so the lock is the transaction's
    first statement and every read after it sees the latest committed data.
    """
    if session.in_transaction():
        session.commit()
    if session.get_bind().dialect.name == "postgresql":
        balance = session.scalar(
            select(BALANCE.c.balance).where(BALANCE.c.nasabah_id == nasabah_id).with_for_update()
        )
    else:
        session.execute(
            update(BALANCE).where(BALANCE.c.nasabah_id == nasabah_id).values(balance=BALANCE.c.balance)
        )
        balance = session.scalar(select(BALANCE.c.balance).where(BALANCE.c.nasabah_id == nasabah_id))
    if balance is None:
        session.rollback()
        raise JumpaMaduError("Rekening nasabah tidak ditemukan.")
    return int(balance)


def post(session: Session, nasabah_id: int, amount: int, kind: str, *, memo: str = "",
         reference: str = "", actor_id: int | None = None, reverses_entry_id: int | None = None) -> LedgerEntry:
    """Add one entry and move the balance with it (flushes; the caller commits)."""
    if not isinstance(amount, int) or isinstance(amount, bool) or amount == 0:
        raise JumpaMaduError("Jumlah harus bilangan bulat Rupiah dan tidak nol.")
    statement = update(BALANCE).where(BALANCE.c.nasabah_id == nasabah_id)
    if amount < 0:
        statement = statement.where(BALANCE.c.balance + amount >= 0)
    statement = statement.values(
        balance=BALANCE.c.balance + amount, entry_count=BALANCE.c.entry_count + 1, updated_at=datetime.now(UTC)
    ).returning(BALANCE.c.balance)
    balance_after = session.execute(statement).scalar_one_or_none()
    if balance_after is None:
        session.rollback()
        raise InsufficientBalance(f"Saldo tidak cukup untuk {rupiah(-amount, INDONESIAN)}.")
    entry = LedgerEntry(nasabah_id=nasabah_id, kind=kind, amount=amount, balance_after=int(balance_after),
                  memo=memo[:300], reference=reference[:40], created_by_user_id=actor_id,
                  reverses_entry_id=reverses_entry_id, created_at=datetime.now(UTC))
    session.add(entry)
    session.flush()
    return entry


def reverse(entry_id: int, reason: str, actor_id: int | None = None) -> LedgerEntry:
    """A correction: a new entry of the opposite amount. Each entry is reversed at most once."""
    reason = (reason or "").strip()
    if not reason:
        raise JumpaMaduError("Alasan koreksi wajib diisi.")
    session = tenant_db.session
    original = session.get(LedgerEntry, entry_id)
    if original is None:
        raise JumpaMaduError("Entri buku tabungan tidak ditemukan.")
    if original.kind == "correction":
        raise JumpaMaduError("Koreksi tidak dapat dikoreksi lagi; catat setoran atau penarikan baru.")
    if original.kind in ("withdrawal", "withdrawal_release"):
        raise JumpaMaduError("Penarikan dikoreksi dengan menolak permintaannya, bukan dengan koreksi.")
    nasabah_id, amount = original.nasabah_id, original.amount
    lock_account(session, nasabah_id)
    if session.scalar(select(LedgerEntry.id).where(LedgerEntry.reverses_entry_id == entry_id)) is not None:
        session.rollback()
        raise JumpaMaduError("Entri ini sudah pernah dikoreksi.")
    try:
        entry = post(session, nasabah_id, -amount, "correction", memo=f"Koreksi: {reason}",
                     reference=f"entry:{entry_id}", actor_id=actor_id, reverses_entry_id=entry_id)
    except InsufficientBalance:
        raise InsufficientBalance(
            "Koreksi ditolak: saldo nasabah sudah tidak cukup untuk membatalkan entri ini."
        ) from None
    record("jumpa_madu.correction", "jumpa_madu_entry", entry.id, reverses=entry_id, amount=-amount, reason=reason)
    session.commit()
    return entry


def balance_of(nasabah_id: int) -> int:
    value = tenant_db.session.scalar(select(SavingsBalance.balance).where(SavingsBalance.nasabah_id == nasabah_id))
    return int(value or 0)


@dataclass(frozen=True)
class StatementPage:
    entries: list[LedgerEntry]
    page: int
    pages: int
    total: int
    balance: int


def statement(nasabah_id: int, page: int = 1, per_page: int | None = None) -> StatementPage:
    """Newest first, ``per_page`` entries (default: the regency's ``statement_per_page``); the
    count comes from the balance row, so a long book stays fast."""
    per_page = per_page or settings.statement_per_page()
    session = tenant_db.session
    row = session.execute(
        select(SavingsBalance.balance, SavingsBalance.entry_count).where(SavingsBalance.nasabah_id == nasabah_id)
    ).one_or_none()
    balance, total = (int(row[0]), int(row[1])) if row else (0, 0)
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    entries = list(session.scalars(
        select(LedgerEntry).where(LedgerEntry.nasabah_id == nasabah_id).order_by(LedgerEntry.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ))
    return StatementPage(entries, page, pages, total, balance)


@dataclass(frozen=True)
class Mismatch:
    nasabah_id: int
    balance: int
    entries_sum: int
    entry_count: int
    entries: int


def verify() -> list[Mismatch]:
    """Accounts whose balance row differs from the sum (or count) of their entries."""
    session = tenant_db.session
    sums = (
        select(LedgerEntry.nasabah_id, func.coalesce(func.sum(LedgerEntry.amount), 0).label("total"),
               func.count(LedgerEntry.id).label("n"))
        .group_by(LedgerEntry.nasabah_id).subquery()
    )
    rows = session.execute(
        select(SavingsBalance.nasabah_id, SavingsBalance.balance, SavingsBalance.entry_count,
               func.coalesce(sums.c.total, 0), func.coalesce(sums.c.n, 0))
        .outerjoin(sums, sums.c.nasabah_id == SavingsBalance.nasabah_id)
    )
    return [
        Mismatch(nid, int(bal), int(total), int(count), int(n))
        for nid, bal, count, total, n in rows
        if int(bal) != int(total) or int(count) != int(n)
    ]
