"""After the run: every acknowledged write is stored, and every ledger sums to its balance."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from kiblat.modules.jumpa_madu.models import (
    LedgerEntry,
    SavingsBalance,
    SavingsWithdrawal,
    WasteDeposit,
)
from kiblat.platform.core.app import create_app
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry


def check_writes(env: dict[str, str], writes: Path, fixtures: list[dict]) -> dict:
    acknowledged = [json.loads(line) for line in writes.read_text().splitlines()] if writes.exists() else []
    by_tenant: dict[str, list[dict]] = {}
    for write in acknowledged:
        by_tenant.setdefault(write["slug"], []).append(write)
    lost, ledgers, mismatches = [], 0, []
    app = create_app(env, web=False)
    with app.app_context():
        for tenant in fixtures:
            with tenant_context(tenant_registry().by_slug(tenant["slug"])):
                session = tenant_db.session
                mine = by_tenant.get(tenant["slug"], [])
                keys = {w["key"] for w in mine if w["kind"] == "deposit"}
                stored = set(session.scalars(select(WasteDeposit.idempotency_key)
                                             .where(WasteDeposit.idempotency_key.in_(keys)))) if keys else set()
                lost += [w for w in mine if w["kind"] == "deposit" and w["key"] not in stored]
                wanted = {w["id"]: w["amount"] for w in mine if w["kind"] == "withdrawal"}
                found = dict(session.execute(select(SavingsWithdrawal.id, SavingsWithdrawal.amount)
                                             .where(SavingsWithdrawal.id.in_(wanted))).all()) if wanted else {}
                lost += [w for w in mine if w["kind"] == "withdrawal" and found.get(w["id"]) != w["amount"]]
                sums = dict(session.execute(select(LedgerEntry.nasabah_id, func.sum(LedgerEntry.amount))
                                            .group_by(LedgerEntry.nasabah_id)).all())
                for nasabah_id, balance in session.execute(select(SavingsBalance.nasabah_id, SavingsBalance.balance)):
                    ledgers += 1
                    if int(sums.get(nasabah_id) or 0) != balance:
                        mismatches.append((tenant["slug"], nasabah_id, sums.get(nasabah_id), balance))
                tenant_db.close_sessions()
    app.extensions["kiblat_tenant_engines"].dispose()
    return {"acknowledged": len(acknowledged), "deposits": sum(w["kind"] == "deposit" for w in acknowledged),
            "withdrawals": sum(w["kind"] == "withdrawal" for w in acknowledged), "lost": len(lost),
            "lost_examples": lost[:5], "ledgers": ledgers, "ledger_mismatches": len(mismatches),
            "mismatch_examples": mismatches[:5]}
