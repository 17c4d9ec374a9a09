"""A real OpenID provider (Node's oidc-provider) and the app served on a loopback port.

Regency hosts (``<slug>.kiblat.test:<port>``) are sent to 127.0.0.1 by a requests adapter,
as a resolver would, so cookies are filed per regency host exactly as in a browser.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from flask import Flask
from requests.adapters import HTTPAdapter
from sqlalchemy import select
from werkzeug.serving import BaseWSGIServer, make_server

from kiblat.platform.core.extensions import db
from kiblat.platform.regions.models import Regency
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants.context import TenantInfo
from kiblat.tenants.models import Tenant

PROVIDER_DIR = Path(__file__).resolve().parent / "provider"
NODE = shutil.which("node")
SECRETS = {"a": "rahasia-klien-kabupaten-a", "b": "rahasia-klien-kabupaten-b", "staff": "rahasia-klien-staf"}
ACCOUNTS = {
    "siti": {"email": "Siti.Aminah@contoh.go.id", "email_verified": True, "name": "Siti Aminah",
             "phone_number": "0812-3456-7890"},
    "budi": {"email": "budi@contoh.go.id", "email_verified": False, "name": "Budi Santoso"},
    "rina": {"email": "rina@contoh.go.id", "email_verified": True, "name": "Rina Marpaung"},
}


class LoopbackAdapter(HTTPAdapter):
    """Connects every http:// request to 127.0.0.1, keeping the URL's host in the Host header."""

    def get_connection_with_tls_context(self, request, verify, proxies=None, cert=None):  # noqa: ANN001, ANN201
        return self.poolmanager.connection_from_host("127.0.0.1", urlsplit(request.url).port or 80, scheme="http")

    def send(self, request, **kwargs):  # noqa: ANN001, ANN201
        request.headers["Host"] = urlsplit(request.url).netloc
        return super().send(request, **kwargs)


def browser() -> requests.Session:
    session = requests.Session()
    session.mount("http://", LoopbackAdapter())
    return session


@dataclass(frozen=True)
class Setup:
    app: Flask
    port: int
    issuer: str
    tenant_a: TenantInfo
    tenant_b: TenantInfo

    def origin(self, tenant: TenantInfo) -> str:
        return f"http://{tenant.primary_host}:{self.port}"


def _new_tenant(app: Flask) -> TenantInfo:
    with app.app_context():
        used = set(db.session.scalars(select(Tenant.region_code)))
        region = next(c for c in db.session.scalars(select(Regency.code).order_by(Regency.code)) if c not in used)
        return provision_tenant(region, slug=f"sso{uuid.uuid4().hex[:8]}", modules=["pengumuman"])


def _ensure_packages() -> None:
    if (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        return
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("node is installed but npm is not; cannot install the test OpenID provider")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=PROVIDER_DIR, check=True, timeout=300)


@pytest.fixture(scope="module")
def served_app(app: Flask) -> Iterator[int]:
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="kiblat-oidc-app", daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def sso(app: Flask, served_app: int) -> Iterator[Setup]:
    if NODE is None:
        pytest.skip("node is not installed: the OpenID Connect tests need Node.js for the real test provider")
    _ensure_packages()
    tenant_a, tenant_b = _new_tenant(app), _new_tenant(app)
    clients = [
        {"client_id": f"kiblat-{key}", "client_secret": SECRETS[key],
         "redirect_uris": [f"http://{tenant.primary_host}:{served_app}/masuk/sso/callback"]}
        for key, tenant in (("a", tenant_a), ("b", tenant_b))
    ] + [{"client_id": "kiblat-staff", "client_secret": SECRETS["staff"],
          "redirect_uris": [f"http://{app.config['BASE_DOMAIN']}:{served_app}/staff/masuk/sso/callback"]}]
    process = subprocess.Popen(
        [NODE, "server.js"], cwd=PROVIDER_DIR, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={"PATH": "/usr/bin:/bin", "OIDC_CLIENTS": json.dumps(clients), "OIDC_ACCOUNTS": json.dumps(ACCOUNTS),
             "NODE_ENV": "test"},
    )
    try:
        line = process.stdout.readline()
        if not line:
            pytest.fail(f"the test OpenID provider did not start (exit code {process.wait(timeout=5)})")
        issuer = json.loads(line)["issuer"]
        yield Setup(app, served_app, issuer, tenant_a, tenant_b)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def sign_in_at_provider(client: requests.Session, start: requests.Response, subject: str) -> str:
    """Follow the provider's redirects (signing in as ``subject`` when asked) up to the
    redirect back to the app; returns that callback URL without visiting it."""
    response = start
    for _ in range(20):
        if response.is_redirect:
            target = urljoin(response.url, response.headers["Location"])
            if "/masuk/sso/callback" in target:
                return target
            response = client.get(target, allow_redirects=False)
        elif response.status_code == 200 and 'name="login"' in response.text:
            response = client.post(response.url, data={"login": subject}, allow_redirects=False)
        else:
            raise AssertionError(f"unexpected provider answer {response.status_code}: {response.text[:300]}")
    raise AssertionError("too many redirects at the provider")
