"""The application's own time for an anonymous page, measured inside the benchmark's process:
the WSGI app called directly, no server, socket or HTTP parsing around it. Two apps are
compared by alternating runs in one process, so the machine's drift between runs mostly
cancels out in each pair; what is left is what the apps themselves do differently.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from werkzeug.test import create_environ

from kiblat.platform.core.app import create_app

RUNS_PER_APP = 20
WARM_PASSES = 10  # each app serves every host this many times before the timed runs


def _environs(hosts: Sequence[str], path: str) -> list[dict[str, Any]]:
    return [create_environ(path, base_url=f"http://{host}") for host in hosts]


def _run(app: Any, environs: list[dict[str, Any]], requests: int) -> float:  # noqa: ANN401 — a WSGI app
    """Microseconds per request, asking the hosts in turn."""
    statuses: list[str] = []

    def start_response(status: str, _headers: list, _exc_info: object = None) -> None:
        statuses.append(status)

    count = len(environs)
    started = time.perf_counter()
    for index in range(requests):
        body: Iterable[bytes] = app(dict(environs[index % count]), start_response)
        for _ in body:
            pass
        close = getattr(body, "close", None)
        if close is not None:
            close()
    seconds = time.perf_counter() - started
    if any(not status.startswith("200") for status in statuses):
        raise RuntimeError(f"in-process answers: {sorted(set(statuses))}")
    return seconds / requests * 1e6


def paired_answer_us(environs_by_app: dict[int, dict[str, str]], hosts_by_app: dict[int, list[str]],
                     path: str, requests: int, log: Path) -> dict[int, list[float]]:
    """Microseconds per request of ``path`` for each app (keyed as the arguments), in
    ``RUNS_PER_APP`` runs of ``requests`` each, alternating which app goes first."""
    apps = {key: create_app(environ) for key, environ in environs_by_app.items()}
    handlers = [h for h in logging.getLogger("kiblat.request").handlers if isinstance(h, logging.StreamHandler)]
    with log.open("a") as stream:
        # The request log goes to a file, as under gunicorn, not to the benchmark's output.
        previous = [handler.setStream(stream) for handler in handlers]
        try:
            environs = {key: _environs(hosts_by_app[key], path) for key in apps}
            for key, app in apps.items():
                _run(app, environs[key], WARM_PASSES * len(environs[key]))
            keys = list(apps)
            times: dict[int, list[float]] = {key: [] for key in apps}
            for index in range(RUNS_PER_APP):
                for key in keys if index % 2 == 0 else keys[::-1]:
                    times[key].append(_run(apps[key], environs[key], requests))
        finally:
            for handler, old_stream in zip(handlers, previous, strict=True):
                handler.setStream(old_stream or sys.stderr)
    return times
