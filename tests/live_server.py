"""The real app on a loopback port, and Debian's Chromium to drive it (browser tests)."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyotp
import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
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


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, started once per test module (each test opens its own contexts)."""
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


def shot(page: Page, name: str) -> None:
    """A full-page screenshot into tests/artifacts/ for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def assert_fits(page: Page) -> None:
    """Nothing makes the page scroll sideways at the current width."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def sign_in(page: Page, origin: str, login: str, password: str, *, totp_secret: str | None = None,
            path: str = "/masuk") -> Page:
    """Sign in through the real form (and the two-factor step when ``totp_secret`` is given), starting
    at ``path``; waits until the page the form leads to has loaded."""
    page.goto(origin + path)
    page.get_by_label("Email atau nomor telepon").fill(login)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    if totp_secret:
        page.wait_for_url(re.compile(r"/masuk/kode"))
        page.get_by_label("Kode 6 angka dari aplikasi autentikator").fill(pyotp.TOTP(totp_secret).now())
        page.get_by_role("button", name="Lanjutkan").click()
    if path != "/masuk":
        page.wait_for_url(origin + path)
    page.wait_for_load_state()
    return page
