"""Building blocks for Jumpa Madu tests: regencies with the module, nasabah with money."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import select

from kiblat.modules.jumpa_madu.services import deposits, nasabah
from kiblat.platform import throttle
from kiblat.platform.core.extensions import db
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.throttle.lookups import LOOKUP_IP
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants import services as tenant_services
from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa
from kiblat.tenants.models import Tenant
from kiblat.tenants.registry import tenant_registry

BINJAI, DELI_SERDANG = "12.75", "12.07"


def regency(app: Flask, region: str) -> TenantInfo:
    """The tenant of ``region`` with Jumpa Madu, created once per test database.

    The tenant is shared by many tests, so the failed-lookup counter of the test client's
    address starts afresh for each test instead of carrying other tests' 404s."""
    with app.app_context():
        slug = db.session.scalar(select(Tenant.slug).where(Tenant.region_code == region))
        if slug is not None:
            throttle.reset(LOOKUP_IP, "127.0.0.1", slug)
        slug = db.session.scalar(select(Tenant.slug).where(Tenant.region_code == region))
        if slug is None:
            return provision_tenant(region, modules=("jumpa_madu",))
        tenant = tenant_registry().by_slug(slug)
        if "jumpa_madu" not in tenant.modules:
            tenant_services.enable_module(slug, "jumpa_madu")
            tenant_registry().changed(slug)
            tenant = tenant_registry().by_slug(slug)
        return tenant


def first_desa() -> str:
    return tenant_db.session.scalar(select(Desa.code).order_by(Desa.code).limit(1))


def new_nasabah(role: str = "citizen", email: str | None = None) -> int:
    """A citizen with a savings book at the bank serving the first desa (inside a tenant)."""
    tag = secrets.token_hex(4)
    user = create_user(name=f"Warga {tag}", role=role, email=email or f"warga-{tag}@example.id")
    tenant_db.session.commit()
    book = nasabah.register(user, phone=f"+62812{secrets.randbelow(10**8):08d}", desa_code=first_desa(),
                            address=f"Jl. Melati No. {tag}")
    return book.id


def credit(nasabah_id: int, grams: int = 10_000, category: str = "kaleng") -> deposits.WasteDeposit:
    """A walk-in deposit: 10 kg of cans at the seed price Rp12.000/kg = Rp120.000."""
    return deposits.record_deposit(nasabah_id, [deposits.Weighing(category, grams)], secrets.token_hex(16),
                                   actor_id=None, weighed_at=datetime.now(UTC))


def in_tenant(app: Flask, tenant: TenantInfo):  # noqa: ANN201
    """``with in_tenant(app, t):`` an app context with ``t`` as the current tenant."""
    from contextlib import ExitStack

    stack = ExitStack()
    stack.enter_context(app.app_context())
    stack.enter_context(tenant_context(tenant))
    return stack
