"""Shared fixtures. Tenancy and data tests run on SQLite and, when
``KIBLAT_TEST_POSTGRES_URL`` is set, on PostgreSQL too (a throwaway database per run;
an unreachable server is an error, never a skip)."""

from __future__ import annotations

import os

# Argon2's cheapest parameters for the suite (and the commands it starts): see passwords.py.
os.environ["KIBLAT_TEST_CHEAP_PASSWORD_HASHES"] = "1"

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from kiblat.migrations import runner
from kiblat.platform.core.app import create_app
from kiblat.platform.core.extensions import db
from kiblat.platform.regions.models import Regency
from kiblat.platform.regions.sync import sync_regions
from kiblat.provisioning import deprovision
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants.context import TenantInfo
from kiblat.tenants.database import tenant_db
from kiblat.tenants.models import Tenant
from tests.live_server import browser  # noqa: F401 - Chromium for the browser tests of every folder

POSTGRES_URL = os.environ.get("KIBLAT_TEST_POSTGRES_URL", "").strip()

# Under pytest-xdist every worker has its own databases (see below) and its own Redis database,
# so throttle counters of same-named tenants in two workers never meet.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER.startswith("gw") and os.environ.get("KIBLAT_TEST_REDIS_URL"):
    _base, _, _db = os.environ["KIBLAT_TEST_REDIS_URL"].rpartition("/")
    if _db.isdigit():
        os.environ["KIBLAT_TEST_REDIS_URL"] = f"{_base}/{(int(_db) - int(_WORKER[2:])) % 16}"
BACKENDS = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


def _create_postgres_database() -> tuple[str, Callable[[], None]]:
    admin_url = make_url(POSTGRES_URL)
    if admin_url.drivername == "postgresql":
        admin_url = admin_url.set(drivername="postgresql+psycopg")
    name = f"kiblat_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return admin_url.set(database=name).render_as_string(hide_password=False), drop


def build_environ(instance_path: Path, database_url: str | None = None, **extra: str) -> dict[str, str]:
    environ = {
        "KIBLAT_ENV": "test",
        "KIBLAT_INSTANCE_PATH": str(instance_path),
        "KIBLAT_BASE_DOMAIN": "kiblat.test",
    }
    if database_url:
        environ["KIBLAT_DATABASE_URL"] = database_url
    environ.update(extra)
    return environ


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="session")
def app(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """A migrated platform per backend, shared by the session; tests create their own tenants."""
    instance = tmp_path_factory.mktemp(f"instance-{backend}")
    drop = None
    database_url = None
    if backend == "postgresql":
        database_url, drop = _create_postgres_database()
    application = create_app(build_environ(instance, database_url))
    with application.app_context():
        runner.upgrade_control_plane()
        sync_regions()
    yield application
    with application.app_context():
        db.engine.dispose()
        application.extensions["kiblat_tenant_engines"].dispose()
    if drop is not None:
        drop()


@pytest.fixture
def app_ctx(app: Flask) -> Iterator[Flask]:
    with app.app_context():
        yield app


@pytest.fixture
def make_tenant(app: Flask) -> Iterator[Callable[..., TenantInfo]]:
    """Create an active tenant on an unused region; deleted again afterwards, so a long run never
    uses up Indonesia's 514 regions (the region is unique per tenant)."""
    made: list[str] = []

    def make(modules: tuple[str, ...] = ("pengumuman",), slug: str | None = None,
             region: str | None = None) -> TenantInfo:
        with app.app_context():
            if region is None:
                used = set(db.session.scalars(select(Tenant.region_code)))
                region = next(
                    code for code in db.session.scalars(select(Regency.code).order_by(Regency.code))
                    if code not in used
                )
            slug = slug or f"t{uuid.uuid4().hex[:10]}"
            info = provision_tenant(region, slug=slug, modules=modules)
            made.append(info.slug)
            return info

    yield make
    if made and has_app_context():
        # The test's own app context may still hold tenant sessions open in a transaction,
        # which would make dropping the schema wait for ever.
        tenant_db.close_sessions()
        db.session.rollback()
    with app.app_context():
        for slug in made:
            if db.session.scalar(select(Tenant.id).where(Tenant.slug == slug)) is None:
                continue  # the test deleted it itself
            deprovision.archive_tenant(slug)
            deprovision.delete_tenant(slug, confirm=slug)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def get(client: FlaskClient, host: str, path: str, **kwargs):  # noqa: ANN201
    """A request to ``host`` (the Host header decides the tenant)."""
    return client.get(path, headers={"Host": host, **kwargs.pop("headers", {})}, **kwargs)
