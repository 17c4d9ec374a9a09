"""Realistic rows of every kind Jus Melon stores (demos and the cross-tenant probe)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import select

from kiblat.modules.jus_melon.models import ISSUED, Activity, Business
from kiblat.modules.jus_melon.services import activities
from kiblat.modules.sri_deli import api as sri_deli
from kiblat.platform.identity.demo_accounts import OFFICER_PASSWORD, ensure_demo_account
from kiblat.platform.modular.manifest import DemoLogin
from kiblat.tenants.context import TenantInfo
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa


def sample_data(marker: str) -> None:
    session = tenant_db.session
    activities.seed()
    activity = Activity(code=_unused_activity_code(), name=f"{marker} kegiatan usaha")
    session.add(activity)
    desa = session.scalar(select(Desa).order_by(Desa.code))
    session.add(Business(
        number=f"IUMK/{marker[-6:]}/{secrets.token_hex(3)}", idempotency_key=secrets.token_hex(16),
        tracking_hash=sri_deli.hash_code(marker), owner_name=f"{marker} pemilik", nik_hash=secrets.token_hex(32),
        nik_masked="1207********0003", business_name=f"{marker} Warung Makan", activity=activity,
        desa_code=desa.code, kecamatan_code=desa.kecamatan_code, address=f"{marker} Jalan Pasar",
        capital_band="m1", turnover_band="m2", scale="mikro", public_listing=True, status=ISSUED,
        submitted_at=datetime.now(UTC), decided_at=datetime.now(UTC), verify_token=sri_deli.new_verify_token(),
        decision_note=f"{marker} sesuai"))
    session.flush()


def _unused_activity_code() -> str:
    """The first free code of 9xxxx: a random one collided with earlier calls in the same regency."""
    taken = set(tenant_db.session.scalars(select(Activity.code).where(Activity.code.like("9%"))))
    return next(code for code in (f"9{n:04d}" for n in range(10_000)) if code not in taken)


def demo_logins(tenant: TenantInfo) -> list[DemoLogin]:
    """The camat's IUMK officer, placed in a kecamatan (the role's permissions are scoped to it)."""
    email = f"camat.iumk@{tenant.slug}.example.id"
    ensure_demo_account(email, f"Petugas IUMK Kecamatan {tenant.short_name}", "petugas_iumk", OFFICER_PASSWORD,
                        place="kecamatan")
    return [DemoLogin("camat iumk", email, OFFICER_PASSWORD)]
