"""Prometheus metrics (``/metrics``) and readiness (``/readyz``) of an app server.

Request counts and latencies are recorded per request; database pools are watched through
their checkout/checkin events; tenants per database server and the job queue are read when
Prometheus scrapes. Under gunicorn every worker writes its samples to files in
``PROMETHEUS_MULTIPROC_DIR`` (set by the shipped gunicorn config) and a scrape of any worker
sums them (prometheus_client's multiprocess mode). See docs/operations.md.
"""

from __future__ import annotations

from flask import Flask

from kiblat.platform.metrics.collectors import watch_pools
from kiblat.platform.metrics.requests import init_request_metrics
from kiblat.platform.metrics.views import bp


def init_metrics(app: Flask) -> None:
    init_request_metrics(app)
    watch_pools(app)
    app.register_blueprint(bp)
