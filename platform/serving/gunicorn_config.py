"""gunicorn settings for Kiblat: ``gunicorn -c python:kiblat.platform.serving.gunicorn_config wsgi:app``.

Threaded workers (gthread): a thread waits on each request, not a whole process, and a
connection that has sent nothing for a few seconds is handed back to the worker's poller.
A client that trickles a request line still holds a thread while it does, so in production
nginx (``nginx.conf`` beside this file) sits in front and passes only complete requests on.
Numbers can be tuned from the environment (``KIBLAT_WORKERS``, ``KIBLAT_THREADS``,
``KIBLAT_BIND``).

Metrics: every worker writes its samples to ``PROMETHEUS_MULTIPROC_DIR`` (a fresh temporary
folder unless set), emptied when the server starts, and a dead worker's live gauges are
dropped, so ``/metrics`` on any worker reports the whole app server.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.strip().isdigit() else default


bind = [address for address in os.environ.get("KIBLAT_BIND", "127.0.0.1:8000").split(",") if address]
worker_class = "gthread"
workers = _int("KIBLAT_WORKERS", 2)
threads = _int("KIBLAT_THREADS", 8)
# A worker that does not report back for this long (a request stuck in Python) is replaced.
timeout = 30
graceful_timeout = 20
# Idle kept-alive connections (and connections that sent nothing yet) are closed after this.
keepalive = 5
# Bounds on the request head: longer lines or more/larger headers are refused with a 4xx.
limit_request_line = 4094
limit_request_fields = 60
limit_request_field_size = 8190
# Workers are recycled now and then, so a slow leak never grows without bound.
max_requests = 5000
max_requests_jitter = 500
# X-Forwarded-* are honoured by the app (KIBLAT_TRUST_PROXY) only from the proxy on this machine.
forwarded_allow_ips = "127.0.0.1,::1"
accesslog = "-"
errorlog = "-"


# Set here, in the master, before any worker imports prometheus_client.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="kiblat-metrics-")


def on_starting(server) -> None:  # noqa: ANN001
    """Samples of an earlier run of this server would be added to this one's: start empty."""
    folder = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    if folder.is_dir():
        for entry in folder.iterdir():
            if entry.is_file() and entry.suffix == ".db":
                entry.unlink()
            elif entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)


def child_exit(server, worker) -> None:  # noqa: ANN001
    """A dead worker's live gauges (pools in use) stop counting."""
    # Imported here, never at the top: prometheus_client picks its multiprocess mode when first
    # imported, and the workers forked from this master must see the folder set above.
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
