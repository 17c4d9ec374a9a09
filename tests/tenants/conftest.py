"""A second PostgreSQL server for placement and move tests.

Where ``KIBLAT_TEST_POSTGRES_URL`` is set, ``KIBLAT_TEST_POSTGRES_URL_2`` must name a second,
reachable cluster (``.ci/run`` creates one on port 5433): a missing or unreachable one fails
these tests, it never skips them. On SQLite there is only one place for a tenant.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from kiblat.platform.core.extensions import db
from kiblat.provisioning import deprovision
from kiblat.tenants import servers
from kiblat.tenants.models import Tenant

SECOND_URL = os.environ.get("KIBLAT_TEST_POSTGRES_URL_2", "").strip()
SECOND = "kedua"


def _create_database(url: str) -> tuple[str, callable]:
    admin_url = make_url(url)
    if admin_url.drivername == "postgresql":
        admin_url = admin_url.set(drivername="postgresql+psycopg")
    name = f"kiblat_test2_{uuid.uuid4().hex[:10]}"
    # The maintenance database every cluster has (a fresh second cluster has no other).
    admin = create_engine(admin_url.set(database="postgres"), isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - an unreachable second server fails the test
        admin.dispose()
        pytest.fail(f"the second PostgreSQL server (KIBLAT_TEST_POSTGRES_URL_2) is unreachable: {exc}")

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return admin_url.set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(scope="module")
def second_server(app: Flask, backend: str) -> Iterator[str]:
    """A second database server registered (open) in the control plane; PostgreSQL only."""
    if backend != "postgresql":
        pytest.skip("several database servers are a PostgreSQL deployment's")
    if not SECOND_URL:
        pytest.fail("KIBLAT_TEST_POSTGRES_URL is set, so KIBLAT_TEST_POSTGRES_URL_2 must name a second cluster")
    url, drop = _create_database(SECOND_URL)
    with app.app_context():
        servers.add_server(SECOND, url)
    yield SECOND
    with app.app_context():
        for slug in db.session.scalars(select(Tenant.slug).where(Tenant.database_server == SECOND)).all():
            deprovision.archive_tenant(slug)
            deprovision.delete_tenant(slug, confirm=slug)
        servers.remove_server(SECOND)
        app.extensions["kiblat_tenant_engines"].forget_server(SECOND)
    drop()
