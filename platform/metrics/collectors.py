"""Database pools per server, tenants per server and the job queue, as Prometheus metrics."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from flask import Flask
from prometheus_client import Gauge
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine

from kiblat.platform.core.extensions import db
from kiblat.platform.metrics.queue import job_queue_stats
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import DEFAULT_SERVER, Tenant

logger = logging.getLogger(__name__)

# "livesum": under gunicorn the values of the live workers of this app server are added up.
POOL_IN_USE = Gauge(
    "kiblat_db_pool_connections_in_use", "Pooled database connections checked out, by server and pool.",
    ["server", "pool"], multiprocess_mode="livesum",
)
POOL_CAPACITY = Gauge(
    "kiblat_db_pool_capacity", "Connections a pool may open (size plus overflow), by server and pool.",
    ["server", "pool"], multiprocess_mode="livesum",
)


def _watch(engine: Engine, server: str, pool: str) -> None:
    in_use = POOL_IN_USE.labels(server, pool)
    capacity = getattr(engine.pool, "size", None)
    overflow = getattr(engine.pool, "_max_overflow", 0)
    if callable(capacity):
        POOL_CAPACITY.labels(server, pool).set(capacity() + max(overflow, 0))
    event.listen(engine, "checkout", lambda *_args: in_use.inc())
    event.listen(engine, "checkin", lambda *_args: in_use.dec())


def watch_pools(app: Flask) -> None:
    """Follow the control plane's pool and every tenant pool (one per database server, made when
    a tenant of that server is first served)."""
    with app.app_context():
        _watch(db.engine, DEFAULT_SERVER, "control_plane")
        engines = tenant_db.engines
        for server, engine in engines.pooled_engines().items():
            _watch(engine, server, "tenants")
        engines.engine_listeners.append(lambda server, engine: _watch(engine, server, "tenants"))


def tenant_counts() -> dict[tuple[str, str], int]:
    """Tenants by (database server, status)."""
    rows = db.session.execute(
        select(Tenant.database_server, Tenant.status, func.count()).group_by(Tenant.database_server, Tenant.status)
    ).all()
    return {(server, _value(status)): count for server, status, count in rows}


def _value(status: object) -> str:
    return str(getattr(status, "value", status))


class DeploymentCollector(Collector):
    """Read at each scrape, from the shared databases: the same on every app server."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        tenants = GaugeMetricFamily("kiblat_tenants", "Regencies by database server and status.",
                                    labels=["server", "status"])
        for (server, status), count in sorted(tenant_counts().items()):
            tenants.add_metric([server, status], count)
        yield tenants
        jobs = GaugeMetricFamily("kiblat_jobs", "Background jobs by state (queued, scheduled, failed).",
                                 labels=["state"])
        try:
            for state, count in job_queue_stats().items():
                jobs.add_metric([state], count)
        except Exception:  # noqa: BLE001 - an unreachable queue must not hide the other metrics
            logger.warning("job queue unreadable for metrics", exc_info=True)
            db.session.rollback()
        yield jobs
