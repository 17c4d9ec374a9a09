"""``kiblat serve``: gunicorn on loopback, IPv4 and (when the machine has it) IPv6.

Browsers resolve ``*.localhost`` to either 127.0.0.1 or ::1, so both are bound.
"""

from __future__ import annotations

import socket

import click


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
def serve(port: int, workers: int) -> None:
    """Serve the platform (the app is created in each worker from the environment)."""
    from gunicorn.app.wsgiapp import WSGIApplication

    binds = [f"127.0.0.1:{port}"]
    if _ipv6_loopback_available(port):
        binds.append(f"[::1]:{port}")
    args = ["gunicorn", "--workers", str(workers), "--access-logfile", "-"]
    for bind in binds:
        args += ["--bind", bind]
    args.append("kiblat.platform.core.wsgi:app")
    import sys

    sys.argv = args
    WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").run()
