"""``kiblat_tenant_http_requests``: requests answered for each regency, by status class.

A labelled ``Counter`` keeps a child object per label pair: its own attribute dict, lock, value
object and creation time, ~700 bytes. A worker that serves every regency would hold one per
regency, most of what its memory grows by with the fleet. Here a count is a number in one dict,
~100 bytes. Under prometheus_client's multiprocess mode (gunicorn, see ``__init__``) each count is
prometheus_client's own multiprocess value, written to the worker's file exactly as a Counter
writes it, so a scrape adds up every worker's counts like those of the other metrics.
"""

from __future__ import annotations

from collections.abc import Iterator
from threading import Lock
from typing import Any

from prometheus_client import values
from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import REGISTRY, Collector, CollectorRegistry

NAME = "kiblat_tenant_http_requests"
DOCUMENTATION = "HTTP requests answered for each regency, by status class (2xx, 4xx...)."
LABELS = ("tenant", "status_class")
# One string per class, not a new one per request (a count's key keeps it).
STATUS_CLASSES = {number: f"{number}xx" for number in range(1, 6)}


class TenantRequestCounter(Collector):
    def __init__(self, registry: CollectorRegistry | None = REGISTRY) -> None:
        self._counts: dict[tuple[str, str], float] = {}
        self._files: dict[tuple[str, str], Any] = {}  # multiprocess mode: prometheus_client's file values
        self._multiprocess = values.ValueClass._multiprocess
        self._lock = Lock()
        if registry is not None:
            registry.register(self)

    def inc(self, tenant_slug: str, status: int) -> None:
        key = (tenant_slug, STATUS_CLASSES.get(status // 100) or f"{status // 100}xx")
        if self._multiprocess:
            value = self._files.get(key)
            if value is None:
                value = self._files.setdefault(key, values.ValueClass(
                    "counter", NAME, f"{NAME}_total", LABELS, key, DOCUMENTATION))
            value.inc(1)
            return
        with self._lock:
            self._counts[key] = self._counts.get(key, 0.0) + 1.0

    def collect(self) -> Iterator[CounterMetricFamily]:
        family = CounterMetricFamily(NAME, DOCUMENTATION, labels=LABELS)
        with self._lock:
            counts = dict(self._counts)
        counts.update((key, value.get()) for key, value in list(self._files.items()))
        for key, count in sorted(counts.items()):
            family.add_metric(key, count)
        yield family
