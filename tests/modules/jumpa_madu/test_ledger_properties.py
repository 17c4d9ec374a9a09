"""Hypothesis: any sequence of deposits, withdrawals (requested, paid or rejected) and
corrections keeps balance = sum of entries, never negative, and equal to a simple model."""

from __future__ import annotations

import secrets

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from kiblat.modules.jumpa_madu.models import LedgerEntry
from kiblat.modules.jumpa_madu.services import deposits, ledger, withdrawals
from kiblat.modules.jumpa_madu.services.errors import InsufficientBalance, JumpaMaduError
from kiblat.tenants.database import tenant_db
from tests.modules.jumpa_madu.helpers import BINJAI, in_tenant, new_nasabah, regency

operations = st.lists(
    st.one_of(
        st.tuples(st.just("deposit"), st.integers(min_value=1, max_value=60_000)),
        st.tuples(st.just("withdraw"), st.integers(min_value=-5_000, max_value=400_000)),
        st.tuples(st.just("reject"), st.integers(min_value=0, max_value=20)),
        st.tuples(st.just("correct"), st.integers(min_value=0, max_value=20)),
    ),
    max_size=25,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_any_sequence_keeps_the_books_straight(app, ops) -> None:  # noqa: ANN001
    tenant = regency(app, BINJAI)
    with in_tenant(app, tenant):
        nid = new_nasabah()
        expected, deposit_entries, open_withdrawals = 0, [], []
        for op, value in ops:
            try:
                if op == "deposit":  # value = grams of PET at Rp3.500/kg
                    deposit = deposits.record_deposit(nid, [deposits.Weighing("botol_pet", value)],
                                                      secrets.token_hex(16), actor_id=None)
                    expected += deposit.total_amount
                    deposit_entries.append((deposit.entry_id, deposit.total_amount))
                elif op == "withdraw":
                    withdrawal = withdrawals.request(nid, value, None)
                    expected -= value
                    open_withdrawals.append((withdrawal.id, value))
                elif op == "reject" and open_withdrawals:
                    wid, amount = open_withdrawals.pop(value % len(open_withdrawals))
                    withdrawals.reject(wid, "rekening tujuan salah", None)
                    expected += amount
                elif op == "correct" and deposit_entries:
                    entry_id, amount = deposit_entries.pop(value % len(deposit_entries))
                    try:
                        ledger.reverse(entry_id, "salah timbang")
                        expected -= amount
                    except InsufficientBalance:
                        deposit_entries.append((entry_id, amount))
            except (InsufficientBalance, JumpaMaduError) as refused:
                # Refused for a stated reason (below minimum, above balance): nothing moved.
                assert str(refused)
            balance = ledger.balance_of(nid)
            total = tenant_db.session.scalar(
                select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(LedgerEntry.nasabah_id == nid)
            )
            assert balance == total == expected >= 0
        assert [m for m in ledger.verify() if m.nasabah_id == nid] == []
