"""Schemathesis against the live API of a regency with every module enabled and sample data
in it: no 5xx, and every answer matches the OpenAPI document (status, content type,
schema, including RFC 3339 date-times). The example count and the seed are fixed, so the
run is bounded (well under a minute) and repeatable."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

from kiblat.platform.identity.api import services as api_clients
from kiblat.platform.identity.api.scopes import available_scopes
from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.database import tenant_db
from tests.api.helpers import request_token


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - schemathesis reports failures
        pass


CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
EXAMPLES = 12


@pytest.fixture
def served_tenant(app: Flask, make_tenant, monkeypatch) -> Iterator[tuple[TenantInfo, str]]:
    """The app over HTTP on a loopback port, answering as the regency's host (as behind a proxy)."""
    every_module = tuple(m.key for m in app.extensions["kiblat_modules"])
    tenant = make_tenant(modules=every_module)
    with app.test_request_context(base_url=f"http://{tenant.primary_host}"), tenant_context(tenant):
        for manifest in app.extensions["kiblat_modules"]:
            if manifest.sample_data is not None:
                manifest.hook("sample_data")("Contoh")
        tenant_db.session.commit()
    # Schemathesis asks for what does not exist on purpose, many times, from one address.
    for limit in ("LOOKUP_IP", "TOKEN_IP", "TOKEN_CLIENT"):
        monkeypatch.setitem(app.config, f"THROTTLE_{limit}", 1_000_000)

    def as_regency_host(environ, start_response):  # noqa: ANN001, ANN202
        environ["HTTP_HOST"] = tenant.primary_host
        return app(environ, start_response)

    server = make_server("127.0.0.1", 0, as_regency_host, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield tenant, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.mark.slow
def test_the_live_api_conforms_to_its_openapi_document(app: Flask, served_tenant, tmp_path: Path):
    tenant, base = served_tenant
    with app.app_context(), tenant_context(tenant):
        client, secret = api_clients.create_client("Schemathesis", sorted(available_scopes(tenant)))
        client_id = client.client_id
    token = request_token(app.test_client(), tenant, client_id, secret).get_json()["access_token"]
    command = [
        str(Path(sys.executable).parent / "st"), "run", f"{base}/api/v1/openapi.json", "--url", f"{base}/api/v1",
        "--checks", CHECKS, "--max-examples", str(EXAMPLES), "--seed", "20261201", "--generation-deterministic",
        "--header", f"Authorization: Bearer {token}", "--workers", "1", "--request-timeout", "10",
        "--no-color", "--suppress-health-check", "all", "--report-dir", str(tmp_path),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=240, cwd=tmp_path)
    output = result.stdout[-6000:] + result.stderr[-2000:]
    assert result.returncode == 0, output
    assert "passed" in output.lower()
