"""An app in this process for the module benchmarks: a scratch database, the control plane,
one regency provisioned, and a test client signed in through the real sign-in form."""

from __future__ import annotations

import re
import tempfile
import uuid
from collections.abc import Callable, Iterable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kiblat.migrations import runner
from kiblat.platform.core.app import create_app
from kiblat.platform.regions.sync import sync_regions
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants.context import TenantInfo

BASE_DOMAIN = "kiblat.bench"
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def scratch_postgres(admin_url: str) -> tuple[str, Callable[[], None]]:
    """A new, empty database on the server of ``admin_url``; its URL and how to drop it."""
    url = make_url(admin_url).set(drivername="postgresql+psycopg")
    name = f"kiblat_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


def app_with_regency(database_url: str | None, region: str, slug: str,
                     modules: Iterable[str]) -> tuple[Flask, TenantInfo]:
    """A test-configured app on ``database_url`` (None: SQLite in a temporary folder) with one
    regency provisioned the way every regency is."""
    environ = {"KIBLAT_ENV": "test", "KIBLAT_INSTANCE_PATH": tempfile.mkdtemp(prefix="kiblat-bench-"),
               "KIBLAT_BASE_DOMAIN": BASE_DOMAIN}
    if database_url:
        environ["KIBLAT_DATABASE_URL"] = database_url
    app = create_app(environ)
    with app.app_context():
        runner.upgrade_control_plane()
        sync_regions()
        tenant = provision_tenant(region, slug=slug, modules=list(modules))
    return app, tenant


def csrf_token(html: str) -> str:
    """The CSRF token of the (first) form on a page."""
    found = CSRF_RE.search(html)
    if found is None:
        raise AssertionError("no csrf_token on the page")
    return found.group(1)


def signed_in_client(app: Flask, tenant: TenantInfo, identifier: str, password: str) -> FlaskClient:
    """A test client signed in on the regency's host through ``/masuk``, as a person would."""
    client = app.test_client()
    host = f"http://{tenant.primary_host}"
    login = client.get("/masuk", base_url=host).get_data(as_text=True)
    signed = client.post("/masuk", base_url=host,
                         data={"csrf_token": csrf_token(login), "identifier": identifier, "password": password})
    if signed.status_code != 302:
        raise AssertionError(f"sign-in as {identifier} answered {signed.status_code}")
    return client
