"""Real concurrent transactions (threads, each with its own app context, session and
connection) against the same nasabah: no Rupiah is created or lost, no balance goes negative."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable

import pytest

from kiblat.modules.jumpa_madu.services import deposits, ledger, withdrawals
from kiblat.modules.jumpa_madu.services.errors import InsufficientBalance
from tests.modules.jumpa_madu.helpers import BINJAI, credit, in_tenant, new_nasabah, regency


def run_together(app, tenant, jobs: list[Callable[[], object]]) -> list[object]:  # noqa: ANN001
    """Start every job at the same moment, each in its own thread and tenant session."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def worker(index: int, job: Callable[[], object]) -> None:
        with in_tenant(app, tenant):
            barrier.wait()
            try:
                results[index] = plain(job())
            except Exception as exc:  # noqa: BLE001 - the outcome is what the test checks
                results[index] = exc

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def plain(result: object) -> tuple[str, int, int]:
    """(kind, id, Rupiah) read while the session is still open."""
    if isinstance(result, deposits.WasteDeposit):
        return ("deposit", result.id, result.total_amount)
    return ("withdrawal", result.id, result.amount)


def ok(results: list[object], kind: str) -> list[tuple[str, int, int]]:
    return [r for r in results if isinstance(r, tuple) and r[0] == kind]


@pytest.fixture
def binjai(app):  # noqa: ANN001, ANN201
    return regency(app, BINJAI)


def test_two_withdrawals_of_the_whole_balance_at_once(app, binjai) -> None:  # noqa: ANN001
    for _round in range(5):
        with in_tenant(app, binjai):
            nid = new_nasabah()
            credit(nid)  # Rp120.000
        results = run_together(app, binjai, [lambda nid=nid: withdrawals.request(nid, 100_000, None)] * 2)
        paid = ok(results, "withdrawal")
        refused = [r for r in results if isinstance(r, InsufficientBalance)]
        assert (len(paid), len(refused)) == (1, 1), results
        with in_tenant(app, binjai):
            assert ledger.balance_of(nid) == 20_000
            assert [m for m in ledger.verify() if m.nasabah_id == nid] == []


def test_many_withdrawals_never_overdraw(app, binjai) -> None:  # noqa: ANN001
    with in_tenant(app, binjai):
        nid = new_nasabah()
        credit(nid, grams=10_000)  # Rp120.000
    results = run_together(app, binjai, [lambda: withdrawals.request(nid, 25_000, None)] * 8)
    accepted = ok(results, "withdrawal")
    assert all(isinstance(r, tuple | InsufficientBalance) for r in results), results
    assert len(accepted) == 4  # 4 × Rp25.000 = Rp100.000 ≤ Rp120.000 < 5 × Rp25.000
    with in_tenant(app, binjai):
        assert ledger.balance_of(nid) == 20_000
        assert ledger.statement(nid).total == 5
        assert [m for m in ledger.verify() if m.nasabah_id == nid] == []


def test_deposits_and_withdrawals_interleaved(app, binjai) -> None:  # noqa: ANN001
    with in_tenant(app, binjai):
        nid = new_nasabah()
        credit(nid)  # Rp120.000

    def deposit() -> object:
        return deposits.record_deposit(nid, [deposits.Weighing("kaleng", 1_000)], secrets.token_hex(16),
                                       actor_id=None)

    jobs = [deposit, lambda: withdrawals.request(nid, 30_000, None)] * 4
    results = run_together(app, binjai, jobs)
    assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, InsufficientBalance)], results
    credited = sum(r[2] for r in ok(results, "deposit"))
    debited = sum(r[2] for r in ok(results, "withdrawal"))
    with in_tenant(app, binjai):
        assert ledger.balance_of(nid) == 120_000 + credited - debited >= 0
        assert [m for m in ledger.verify() if m.nasabah_id == nid] == []


def test_the_same_weighing_form_submitted_twice_at_once(app, binjai) -> None:  # noqa: ANN001
    with in_tenant(app, binjai):
        nid = new_nasabah()
    key = secrets.token_hex(16)

    def submit() -> object:
        return deposits.record_deposit(nid, [deposits.Weighing("kardus", 4_000)], key, actor_id=None)

    results = run_together(app, binjai, [submit] * 4)
    assert len(ok(results, "deposit")) == 4, results
    assert len({r[1] for r in results}) == 1
    with in_tenant(app, binjai):
        assert ledger.balance_of(nid) == 8_000  # 4 kg × Rp2.000, credited once
        assert ledger.statement(nid).total == 1
