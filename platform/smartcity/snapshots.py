"""Computes every declared indicator of every live regency and stores the numbers in the
control plane (``kiblat smart-city snapshot``, the monthly job, the console's button).

Each indicator runs in a thread of its own inside its tenant and is given ``time_limit``
seconds: one that fails, returns something other than a number or is too slow is reported
and recorded as an error; the value from an earlier run of the month is kept, and every other
indicator and regency still gets computed.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from flask import Flask
from sqlalchemy import select

from kiblat.platform.core.extensions import db
from kiblat.platform.modular.manifest import import_dotted
from kiblat.platform.modular.registry import ModuleRegistry
from kiblat.platform.smartcity.models import IndicatorSnapshot
from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import TenantStatus
from kiblat.tenants.registry import tenant_registry

DEFAULT_TIME_LIMIT = 10.0


@dataclass
class SnapshotReport:
    computed: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (slug, indicator, why)


def current_period(now: datetime | None = None) -> str:
    return (now or datetime.now(UTC)).strftime("%Y-%m")


def declared_for(registry: ModuleRegistry, tenant: TenantInfo) -> list[tuple[str, object]]:
    """``("<module>.<indicator>", Indicator)`` of the modules the tenant has enabled."""
    return [
        (f"{manifest.key}.{indicator.key}", indicator)
        for manifest in registry
        if manifest.key in tenant.modules
        for indicator in manifest.indicators
    ]


def compute(app: Flask, tenant: TenantInfo, dotted: str, time_limit: float) -> tuple[float | None, str]:
    """``(value, "")`` or ``(None, why)``; never raises."""
    outcome: dict[str, object] = {}

    def work() -> None:
        with app.app_context(), tenant_context(tenant):
            try:
                outcome["value"] = import_dotted(dotted)()
            except Exception as exc:  # noqa: BLE001 — any failure is reported, never spread
                tenant_db.session.rollback()
                outcome["error"] = f"{type(exc).__name__}: {exc}"

    worker = threading.Thread(target=work, name=f"indicator {tenant.slug} {dotted}", daemon=True)
    worker.start()
    worker.join(time_limit)
    if worker.is_alive():
        return None, f"melebihi batas waktu {time_limit:g} detik"
    if "error" in outcome:
        return None, str(outcome["error"])[:300]
    value = outcome.get("value")
    if value is None:
        return None, ""
    if isinstance(value, Decimal):
        value = float(value)  # PostgreSQL's sums and averages
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None, f"bukan angka: {type(value).__name__}"
    return float(value), ""


def _store(tenant_id: int, indicator: str, period: str, value: float | None, error: str) -> None:
    row = db.session.scalar(select(IndicatorSnapshot).filter_by(tenant_id=tenant_id, indicator=indicator, period=period))
    if row is None:
        row = IndicatorSnapshot(tenant_id=tenant_id, indicator=indicator, period=period, value=value, error=error)
        db.session.add(row)
    elif not error or value is not None:
        row.value, row.error = value, error
    else:
        row.error = error  # keep the month's earlier good value
    row.computed_at = datetime.now(UTC)


def run_snapshots(
    app: Flask,
    registry: ModuleRegistry,
    slugs: Iterable[str] | None = None,
    *,
    period: str | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> SnapshotReport:
    """Snapshot every live regency (or those in ``slugs``) for ``period`` (this month)."""
    period = period or current_period()
    wanted = set(slugs) if slugs is not None else None
    report = SnapshotReport()
    tenants = [t for t in tenant_registry().all() if t.status == TenantStatus.ACTIVE]
    for tenant in sorted(tenants, key=lambda t: t.slug):
        if wanted is not None and tenant.slug not in wanted:
            continue
        for key, indicator in declared_for(registry, tenant):
            value, error = compute(app, tenant, indicator.compute, time_limit)
            _store(tenant.id, key, period, value, error)
            if error:
                report.failures.append((tenant.slug, key, error))
            else:
                report.computed += 1
        db.session.commit()
    return report
