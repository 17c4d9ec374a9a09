"""The ledger: append-only, integer Rupiah, balance = sum of entries, never negative."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from kiblat.modules.jumpa_madu.models import LedgerEntry, SavingsBalance, WasteDeposit
from kiblat.modules.jumpa_madu.services import ledger, withdrawals
from kiblat.modules.jumpa_madu.services.errors import InsufficientBalance, JumpaMaduError
from kiblat.tenants.database import tenant_db
from tests.modules.jumpa_madu.helpers import BINJAI, credit, in_tenant, new_nasabah, regency


@pytest.fixture
def binjai(app):  # noqa: ANN001, ANN201
    return regency(app, BINJAI)


def test_deposit_withdrawal_and_correction_are_entries(app, binjai) -> None:  # noqa: ANN001
    with in_tenant(app, binjai):
        nid = new_nasabah()
        deposit = credit(nid)  # 10 kg × Rp12.000
        assert deposit.total_amount == 120_000 and ledger.balance_of(nid) == 120_000
        withdrawals.request(nid, 50_000, None)
        assert ledger.balance_of(nid) == 70_000
        credit(nid, grams=5_000)  # + Rp60.000
        correction = ledger.reverse(deposit.entry_id, "timbangan belum dikalibrasi")
        assert correction.amount == -120_000 and ledger.balance_of(nid) == 10_000
        book = ledger.statement(nid)
        assert [e.kind for e in book.entries] == ["correction", "deposit", "withdrawal", "deposit"]
        assert [e.balance_after for e in book.entries] == [10_000, 130_000, 70_000, 120_000]
        assert sum(e.amount for e in book.entries) == book.balance == 10_000


def test_correction_cannot_overdraw_and_is_applied_once(app, binjai) -> None:  # noqa: ANN001
    with in_tenant(app, binjai):
        nid = new_nasabah()
        first = credit(nid)
        credit(nid, grams=5_000)  # + Rp60.000
        withdrawals.request(nid, 150_000, None)  # leaves Rp30.000
        with pytest.raises(InsufficientBalance, match="saldo nasabah sudah tidak cukup"):
            ledger.reverse(first.entry_id, "salah nasabah")
        assert ledger.balance_of(nid) == 30_000
        small = credit(nid, grams=1_000)  # + Rp12.000
        entry = ledger.reverse(small.entry_id, "salah nasabah")
        assert entry.amount == -12_000 and entry.reverses_entry_id == small.entry_id
        with pytest.raises(JumpaMaduError, match="sudah pernah dikoreksi"):
            ledger.reverse(small.entry_id, "lagi")
        with pytest.raises(JumpaMaduError, match="tidak dapat dikoreksi"):
            ledger.reverse(entry.id, "koreksi atas koreksi")
        assert ledger.balance_of(nid) == 30_000
        assert ledger.verify() == []
        kinds = [e.kind for e in ledger.statement(nid).entries]
        assert kinds == ["correction", "deposit", "withdrawal", "deposit", "deposit"]


def test_entries_cannot_be_changed_or_deleted(app, binjai) -> None:  # noqa: ANN001
    with in_tenant(app, binjai):
        nid = new_nasabah()
        deposit = credit(nid)
        session = tenant_db.session
        for statement in (
            update(LedgerEntry).where(LedgerEntry.nasabah_id == nid).values(amount=999_999),
            delete(LedgerEntry).where(LedgerEntry.nasabah_id == nid),
            update(WasteDeposit).where(WasteDeposit.id == deposit.id).values(total_amount=1),
            delete(WasteDeposit).where(WasteDeposit.id == deposit.id),
        ):
            with pytest.raises(DBAPIError, match="append-only"):
                session.execute(statement)
            session.rollback()
        assert ledger.balance_of(nid) == 120_000
        assert session.scalar(select(LedgerEntry.amount).where(LedgerEntry.nasabah_id == nid)) == 120_000


def test_database_refuses_a_negative_balance(app, binjai) -> None:  # noqa: ANN001
    with in_tenant(app, binjai):
        nid = new_nasabah()
        session = tenant_db.session
        with pytest.raises(IntegrityError):
            session.execute(update(SavingsBalance).where(SavingsBalance.nasabah_id == nid).values(balance=-1))
            session.flush()
        session.rollback()
        with pytest.raises(InsufficientBalance):
            ledger.lock_account(session, nid)
            ledger.post(session, nid, -1, "withdrawal")
        assert ledger.balance_of(nid) == 0


def test_verify_finds_a_tampered_balance(app, binjai) -> None:  # noqa: ANN001
    with in_tenant(app, binjai):
        nid = new_nasabah()
        credit(nid)
        session = tenant_db.session
        assert ledger.verify() == []
        session.execute(update(SavingsBalance).where(SavingsBalance.nasabah_id == nid).values(balance=SavingsBalance.balance + 1))
        session.commit()
        [mismatch] = [m for m in ledger.verify() if m.nasabah_id == nid]
        assert (mismatch.balance, mismatch.entries_sum) == (120_001, 120_000)
        session.execute(update(SavingsBalance).where(SavingsBalance.nasabah_id == nid).values(balance=SavingsBalance.balance - 1))
        session.commit()
        assert ledger.verify() == []


def test_amounts_are_whole_rupiah(app, binjai) -> None:  # noqa: ANN001
    with in_tenant(app, binjai):
        nid = new_nasabah()
        session = tenant_db.session
        ledger.lock_account(session, nid)
        for bad in (0, 1.5, True):
            with pytest.raises(JumpaMaduError):
                ledger.post(session, nid, bad, "deposit")  # type: ignore[arg-type]
        session.rollback()
        assert session.scalar(text("SELECT 1")) == 1
