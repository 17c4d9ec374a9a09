"""Computes every declared indicator of every live regency and stores the numbers in the
control plane (``kiblat smart-city snapshot``, the monthly schedule, the console's button, a
regency admin's "recompute").

Each indicator runs inside its tenant in a separate worker **process** and is given
``time_limit`` seconds. One that runs longer is *stopped*: the worker process is terminated
(and a fresh one started for the indicators after it), so a runaway loop or a slow query does
not go on eating a CPU or a database connection after the run has moved on. On PostgreSQL the
indicator's transaction also carries ``statement_timeout``, so the server cancels the query
itself even before the process is gone. (A thread cannot be stopped in Python, only abandoned,
which is why the work is not done in one.) An indicator that fails, returns something other than
a number or is too slow is reported and recorded as an error; the value from an earlier run of
the month is kept, and every other indicator and regency still gets computed.

The worker processes are started with ``spawn`` (a fresh interpreter: safe from the threads of
huey's consumer or a web server) and build their own app with the factory the composition root
left in ``app.extensions["kiblat_app_factory"]``.
"""

from __future__ import annotations

import importlib
import math
import multiprocessing
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from multiprocessing.pool import Pool

from flask import Flask
from sqlalchemy import select, text

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


def as_number(value: object) -> tuple[float | None, str]:
    """``(value, "")``, ``(None, "")`` for no value, or ``(None, why)``."""
    if value is None:
        return None, ""
    if isinstance(value, Decimal):
        value = float(value)  # PostgreSQL's sums and averages
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None, f"bukan angka: {type(value).__name__}"
    return float(value), ""


# In a worker process: the app it built once.
_worker_app: Flask | None = None


def _start_worker(app_factory, environ: dict) -> None:  # noqa: ANN001
    global _worker_app
    _worker_app = app_factory(environ, web=False)


def _ready(dotted: tuple[str, ...]) -> bool:
    """Load what every indicator needs before any time limit starts counting: the tenants,
    and the indicators' own modules (importing a module can take seconds on a busy machine)."""
    with _worker_app.app_context():
        tenant_registry().all()
    for name in dotted:
        try:
            importlib.import_module(name.partition(":")[0])
        except Exception:  # noqa: BLE001 — reported when the indicator itself is computed
            continue
    return True


def _compute_in_worker(slug: str, dotted: str, time_limit: float) -> tuple[float | None, str]:
    with _worker_app.app_context():
        tenant = tenant_registry().by_slug(slug)
        if tenant is None:
            return None, "daerah tidak ditemukan"
        with tenant_context(tenant):
            session = tenant_db.session
            try:
                if session.get_bind().dialect.name == "postgresql":
                    # The server stops the query too (the process is terminated as well).
                    session.execute(text("SELECT set_config('statement_timeout', :ms, true)"),
                                    {"ms": str(max(int(time_limit * 1000), 1))})
                return as_number(import_dotted(dotted)())
            except Exception as exc:  # noqa: BLE001 — any failure is reported, never spread
                return None, f"{type(exc).__name__}: {exc}"[:300]
            finally:
                session.rollback()  # indicators only read


class IndicatorRunner:
    """A worker process computing indicators one at a time, replaced when one overruns."""

    def __init__(self, app: Flask, dotted: Iterable[str] = ()) -> None:
        self._initargs = (app.extensions["kiblat_app_factory"], dict(app.config["KIBLAT_SOURCE_ENV"]))
        self._dotted = tuple(sorted(set(dotted)))
        self._pool: Pool | None = None

    def _started(self) -> Pool:
        if self._pool is None:
            self._pool = multiprocessing.get_context("spawn").Pool(1, _start_worker, self._initargs)
            self._pool.apply(_ready, (self._dotted,))  # before any time limit starts counting
        return self._pool

    def compute(self, tenant: TenantInfo, dotted: str, time_limit: float) -> tuple[float | None, str]:
        """``(value, "")`` or ``(None, why)``; never raises."""
        pending = self._started().apply_async(_compute_in_worker, (tenant.slug, dotted, time_limit))
        try:
            return pending.get(time_limit)
        except multiprocessing.TimeoutError:
            self.close()  # terminates the process running the indicator
            return None, f"melebihi batas waktu {time_limit:g} detik"
        except Exception as exc:  # noqa: BLE001 — the worker process died or the result was unusable
            self.close()
            return None, f"{type(exc).__name__}: {exc}"[:300]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


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
    runner = IndicatorRunner(app, (i.compute for m in registry for i in m.indicators))
    try:
        for tenant in sorted(tenants, key=lambda t: t.slug):
            if wanted is not None and tenant.slug not in wanted:
                continue
            for key, indicator in declared_for(registry, tenant):
                value, error = runner.compute(tenant, indicator.compute, time_limit)
                _store(tenant.id, key, period, value, error)
                if error:
                    report.failures.append((tenant.slug, key, error))
                else:
                    report.computed += 1
            db.session.commit()
    finally:
        runner.close()
    return report
