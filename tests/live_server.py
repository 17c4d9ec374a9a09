"""The real app on a loopback port, and Debian's Chromium to drive it (browser tests)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Playwright
from werkzeug.serving import make_server

from kiblat.platform.core.extensions import db

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; Playwright drives it directly
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Chromium not installed at {CHROMIUM}")


@contextmanager
def serving(app: Flask, *background: Callable[[], None], stop: threading.Event | None = None) -> Iterator[int]:
    """Serve ``app`` (and run ``background`` callables beside it); yields the port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threads = [threading.Thread(target=server.serve_forever, daemon=True),
               *(threading.Thread(target=task, daemon=True) for task in background)]
    for thread in threads:
        thread.start()
    try:
        yield server.server_port
    finally:
        if stop is not None:
            stop.set()
        server.shutdown()
        for thread in threads:
            thread.join(timeout=30)
        with app.app_context():
            db.engine.dispose()
            app.extensions["kiblat_tenant_engines"].dispose()


def launch_chromium(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
