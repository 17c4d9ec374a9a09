"""``/metrics`` (Prometheus text format) and ``/readyz`` (can this server take traffic?).

Both answer on the base domain and on any host that is no regency's (an app server's IP
address: ``HOST_INDEPENDENT_ENDPOINTS``), so Prometheus can scrape each app server directly;
``/readyz`` answers on regency hosts too, ``/metrics`` (figures of every regency) does not.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, jsonify
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)
from sqlalchemy import text

from kiblat.platform.core.extensions import db
from kiblat.platform.metrics.access import require_metrics_access
from kiblat.platform.metrics.collectors import DeploymentCollector
from kiblat.platform.storage.files import files_root
from kiblat.tenants.context import get_current_tenant
from kiblat.tenants.database import tenant_db

logger = logging.getLogger(__name__)
bp = Blueprint("metrics", __name__)


@bp.get("/metrics")
def metrics() -> Response:
    # Figures of every regency: never under a regency's own name, only the platform's or an address.
    if get_current_tenant() is not None:
        abort(404)
    require_metrics_access()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Every gunicorn worker's samples, added up (prometheus_client's multiprocess mode).
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        body = generate_latest(registry)
    else:
        body = generate_latest(REGISTRY)
    deployment = CollectorRegistry()
    deployment.register(DeploymentCollector())
    body += generate_latest(deployment)
    return Response(body, mimetype=CONTENT_TYPE_LATEST)


@bp.get("/readyz")
def readyz() -> Response:
    """The databases, Redis (when configured) and file storage answer: 200, otherwise 503."""
    checks = {"database": _check(_databases), "storage": _check(_storage)}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _check(_redis)
    ready = all(state == "ok" for state in checks.values())
    return jsonify({"status": "ok" if ready else "unavailable", "checks": checks}), 200 if ready else 503


def _check(probe) -> str:  # noqa: ANN001
    try:
        probe()
        return "ok"
    except Exception:  # noqa: BLE001 - report, don't raise, from a readiness check
        logger.warning("readiness check %s failed", probe.__name__, exc_info=True)
        return "error"


def _databases() -> None:
    try:
        db.session.execute(text("SELECT 1"))
    finally:
        db.session.rollback()
    for engine in tenant_db.engines.pooled_engines().values():
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))


def _storage() -> None:
    root = Path(files_root())
    root.mkdir(parents=True, exist_ok=True)
    probe = root / f".ready-{secrets.token_hex(6)}"
    probe.write_bytes(b"ok")
    probe.unlink()


def _redis() -> None:
    import redis  # only with a Redis URL configured: SQLite-only installs never load the client

    client = redis.Redis.from_url(current_app.config["REDIS_URL"], socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    finally:
        client.close()
