"""Requests and latency by endpoint and status, and requests by tenant.

Labels stay bounded: ``endpoint`` is the Flask endpoint name (a URL that matches no route is
``none``), ``status`` a status code, ``method`` an HTTP method Flask routed. The tenant label is
on a counter of its own with only the status class beside it: tenants are regencies (at most
514 kabupaten/kota), so it cannot grow with traffic, and it stays off the latency histogram,
whose buckets would multiply it.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Flask, Response, g, request
from prometheus_client import Counter, Histogram
from prometheus_client.metrics import MetricWrapperBase

from kiblat.platform.metrics.tenant_requests import TenantRequestCounter
from kiblat.tenants.context import get_current_tenant

ROUTED_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

REQUESTS = Counter(
    "kiblat_http_requests", "HTTP requests answered, by endpoint, method and status.",
    ["endpoint", "method", "status"],
)
LATENCY = Histogram(
    "kiblat_http_request_duration_seconds", "Time to answer a request, by endpoint and method.",
    ["endpoint", "method"], buckets=LATENCY_BUCKETS,
)
TENANT_REQUESTS = TenantRequestCounter()  # its own collector: a regency costs a worker ~100 bytes, not ~700


# Each metric's child per label values, looked up once: ``labels()`` validates and locks on
# every call, which was a third of the time of an answer from the response cache. As bounded
# as the labels are.
_children: dict[tuple, Any] = {}


def _child(metric: MetricWrapperBase, *label_values: str) -> Any:  # noqa: ANN401 — a Counter or Histogram child
    child = _children.get((metric, label_values))
    if child is None:
        child = _children.setdefault((metric, label_values), metric.labels(*label_values))
    return child


def _start() -> None:
    g.metrics_started = time.perf_counter()


def record_request(endpoint: str, method: str, status: int, tenant_slug: str | None, seconds: float | None) -> None:
    """Count one answered request (by the app, or by the anonymous response cache)."""
    method = method if method in ROUTED_METHODS else "other"
    _child(REQUESTS, endpoint, method, str(status)).inc()
    if seconds is not None:
        _child(LATENCY, endpoint, method).observe(seconds)
    if tenant_slug is not None:
        TENANT_REQUESTS.inc(tenant_slug, status)


def _record(response: Response) -> Response:
    started = g.pop("metrics_started", None)
    tenant = get_current_tenant()
    record_request(request.endpoint or "none", request.method, response.status_code,
                   tenant.slug if tenant is not None else None,
                   None if started is None else time.perf_counter() - started)
    return response


def init_request_metrics(app: Flask) -> None:
    # First before-request hook, so the time spent resolving the tenant is counted too.
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_record)
