"""Helpers for provisioning tests: free regions, specs, and a web app with the invitation page."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from kiblat.platform.core.app import create_app
from kiblat.platform.core.extensions import db
from kiblat.platform.regions.models import Regency
from kiblat.provisioning.run import provision_now
from kiblat.tenants.context import tenant_context
from kiblat.tenants.models import Tenant
from kiblat.tenants.registry import tenant_registry

_claimed: set[str] = set()


def free_region() -> str:
    """A regency no tenant (and no other test of this session) uses; needs an app context."""
    used = set(db.session.scalars(select(Tenant.region_code))) | _claimed
    code = next(c for c in db.session.scalars(select(Regency.code).order_by(Regency.code.desc())) if c not in used)
    _claimed.add(code)
    return code


@pytest.fixture
def make_spec(app_ctx: Flask) -> Callable[..., dict]:
    def make(**overrides) -> dict:
        slug = f"p{uuid.uuid4().hex[:10]}"
        spec = {
            "region": free_region(),
            "slug": slug,
            "branding": {"primary_color": "#123456", "accent_color": "#abcdef", "tagline": "Maju bersama"},
            "modules": {"pengumuman": {"items_per_page": 5}},
            "users": [{"name": "Admin Satu", "email": f"Admin@{slug}.example.id", "role": "admin"}],
        }
        spec.update(overrides)
        return spec

    return make


@pytest.fixture
def template_tenant(app_ctx: Flask, make_spec: Callable[..., dict]) -> str:
    """An active tenant with its own category (configuration) and an announcement (citizen data)."""
    from kiblat.modules.pengumuman import api as pengumuman
    from kiblat.modules.pengumuman.models import Category
    from kiblat.tenants.database import tenant_db

    run = provision_now(make_spec())
    with tenant_context(tenant_registry().by_slug(run.tenant_slug)):
        tenant_db.session.add(Category(key="pertanian", name="Pertanian dan Perkebunan"))
        tenant_db.session.commit()
        pengumuman.publish("Panen raya", "Panen raya padi di seluruh kecamatan.", "pertanian")
    return run.tenant_slug


@pytest.fixture(scope="module")
def web_app(app: Flask) -> Iterator[Flask]:
    """A second app on the same databases (its own registry and engines)."""
    application = create_app(dict(app.config["KIBLAT_SOURCE_ENV"]))
    yield application
    with application.app_context():
        db.engine.dispose()
        application.extensions["kiblat_tenant_engines"].dispose()
