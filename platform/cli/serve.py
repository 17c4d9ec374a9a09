"""``kiblat serve``: gunicorn with the production settings (threaded workers, timeouts,
request limits: ``kiblat.platform.serving.gunicorn_config``) on loopback, IPv4 and (when the
machine has it) IPv6.

Browsers resolve ``*.localhost`` to either 127.0.0.1 or ::1, so both are bound.
"""

from __future__ import annotations

import socket
import sys

import click

from kiblat.platform.core.config import load_config
from kiblat.platform.serving import GUNICORN_CONFIG


def _ipv6_loopback_available(port: int) -> bool:
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(("::1", port))
        return True
    except OSError:
        return False


@click.command("serve")
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int, help="Threads per worker.")
def serve(port: int, workers: int, threads: int) -> None:
    """Serve the platform (the app is created in each worker from the environment)."""
    # gunicorn is loaded only by the command that serves: every other ``kiblat`` command starts without it.
    from gunicorn.app.wsgiapp import WSGIApplication

    load_config()  # a misconfiguration stops here with its one line, not in every worker
    binds = [f"127.0.0.1:{port}"]
    if _ipv6_loopback_available(port):
        binds.append(f"[::1]:{port}")
    args = ["gunicorn", "--config", GUNICORN_CONFIG, "--workers", str(workers), "--threads", str(threads)]
    for bind in binds:
        args += ["--bind", bind]
    args.append("kiblat.platform.core.wsgi:app")
    sys.argv = args
    WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").run()
