"""Billing fixtures: the outbox, signed Stripe webhooks, a localstripe server, the app over HTTP."""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.serving import make_server

from kiblat.platform.core.extensions import db
from kiblat.platform.mail.models import OutboxMessage


def outbox_subjects(tenant_slug: str) -> list[str]:
    db.session.rollback()
    return list(db.session.scalars(
        select(OutboxMessage.subject).where(OutboxMessage.tenant_slug == tenant_slug).order_by(OutboxMessage.id)
    ))


# Stripe -------------------------------------------------------------------------


WEBHOOK_SECRET = "whsec_kiblat_uji_rahasia"
STRIPE_TEST_KEY = "sk_test_kiblat_uji"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


def sign(payload: bytes, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """A ``Stripe-Signature`` header, computed the way Stripe signs webhook deliveries."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def post_event(client, event: dict, secret: str = WEBHOOK_SECRET, host: str = "kiblat.test"):  # noqa: ANN001, ANN201
    payload = json.dumps(event).encode()
    return client.post("/billing/stripe/webhook", data=payload, base_url=f"http://{host}",
                       headers={"Stripe-Signature": sign(payload, secret), "Content-Type": "application/json"})


@pytest.fixture
def stripe_settings(app: Flask, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """Configure the app for Stripe (the settings the operator puts in the environment)."""
    env = app.config["KIBLAT_SOURCE_ENV"]

    def configure(api_base: str | None = None) -> None:
        monkeypatch.setitem(env, "KIBLAT_STRIPE_SECRET_KEY", STRIPE_TEST_KEY)
        monkeypatch.setitem(env, "KIBLAT_STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
        if api_base:
            monkeypatch.setitem(env, "KIBLAT_STRIPE_API_BASE", api_base)

    configure()
    return configure


@pytest.fixture(scope="session")
def localstripe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real localstripe server (Stripe API emulator) on a free loopback port."""
    executable = shutil.which("localstripe") or str(Path(sys.executable).parent / "localstripe")
    port = free_port()
    log = tmp_path_factory.mktemp("localstripe") / "localstripe.log"
    with log.open("wb") as output:
        # --from-scratch: never load the state a previous run left behind.
        process = subprocess.Popen([executable, "--port", str(port), "--from-scratch"],
                                   stdout=output, stderr=subprocess.STDOUT)
    try:
        try:
            wait_for_port(port, seconds=30)
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}; localstripe said: {log.read_text(errors='replace')[-2000:]}") from None
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def served_app(app: Flask) -> Iterator[str]:
    """The app over HTTP on a loopback port, so localstripe can deliver webhooks to it.

    Like the reverse proxy in front of it in production, the server hands the app the
    platform's public host name."""
    base_domain = app.config["BASE_DOMAIN"]

    def behind_proxy(environ, start_response):  # noqa: ANN001, ANN202
        environ["HTTP_HOST"] = base_domain
        return app(environ, start_response)

    server = make_server("127.0.0.1", 0, behind_proxy, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def register_webhook(localstripe_url: str, url: str, secret: str = WEBHOOK_SECRET) -> None:
    data = urllib.parse.urlencode({"url": url, "secret": secret}).encode()
    urllib.request.urlopen(urllib.request.Request(f"{localstripe_url}/_config/webhooks/kiblat", data=data),
                           timeout=10).close()


def wait_until(condition, seconds: float = 20.0, what: str = "condition"):  # noqa: ANN001, ANN201
    """Poll (webhooks arrive asynchronously, about a second after the API call)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.rollback()
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")
