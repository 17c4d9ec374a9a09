"""Requests per regency and status class: counted in one worker, and added up over gunicorn's
workers through prometheus_client's multiprocess files, as a labelled Counter would be."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from prometheus_client import CollectorRegistry, multiprocess

from kiblat.platform.metrics.tenant_requests import TenantRequestCounter

WORKER = """
from kiblat.platform.metrics.tenant_requests import TenantRequestCounter
counter = TenantRequestCounter(registry=None)
for status in {statuses}:
    counter.inc("binjai", status)
counter.inc("deliserdang", 200)
"""


def test_counts_per_regency_and_status_class() -> None:
    registry = CollectorRegistry()
    counter = TenantRequestCounter(registry)
    for status in (200, 200, 302, 404, 503):
        counter.inc("binjai", status)
    counter.inc("deliserdang", 200)

    def count(tenant: str, status_class: str) -> float | None:
        return registry.get_sample_value("kiblat_tenant_http_requests_total",
                                         {"tenant": tenant, "status_class": status_class})

    assert [count("binjai", c) for c in ("2xx", "3xx", "4xx", "5xx")] == [2.0, 1.0, 1.0, 1.0]
    assert count("deliserdang", "2xx") == 1.0
    assert count("deliserdang", "4xx") is None and count("medan", "2xx") is None


def test_workers_counts_add_up_in_multiprocess_mode(tmp_path: Path) -> None:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for statuses in ((200, 200, 404), (200, 500)):  # two workers, two processes
        subprocess.run([sys.executable, "-c", WORKER.format(statuses=statuses)], env=env, check=True)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=str(tmp_path))

    def count(tenant: str, status_class: str) -> float | None:
        return registry.get_sample_value("kiblat_tenant_http_requests_total",
                                         {"tenant": tenant, "status_class": status_class})

    assert count("binjai", "2xx") == 3.0
    assert count("binjai", "4xx") == 1.0 and count("binjai", "5xx") == 1.0
    assert count("deliserdang", "2xx") == 2.0
