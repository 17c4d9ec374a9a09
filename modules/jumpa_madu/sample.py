"""The sample rows the demo and the cross-tenant probe use."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from kiblat.modules.jumpa_madu.services import (
    config,
    deposits,
    ledger,
    nasabah,
    pickups,
    withdrawals,
)
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.identity.demo_accounts import OFFICER_PASSWORD, ensure_demo_account
from kiblat.platform.modular.manifest import DemoLogin
from kiblat.tenants.context import TenantInfo
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa


def sample_data(marker: str) -> None:
    """Every kind of row: bank, nasabah, pickup, deposit, withdrawal, correction."""
    session = tenant_db.session
    config.seed()
    desa = session.scalar(select(Desa).order_by(Desa.code).limit(1))
    code = f"U{secrets.token_hex(3).upper()}"
    config.add_bank(code, f"{marker} bank sampah unit", "unit", areas=(desa.code,), address=f"{marker} jalan")
    collector = create_user(name=f"{marker} penjemput", role="pengumpul_sampah",
                            email=f"penjemput-{code.lower()}@example.id")
    user = create_user(name=f"{marker} nasabah", role="citizen", email=f"nasabah-{code.lower()}@example.id")
    session.commit()
    phone = f"+62812{secrets.randbelow(10**8):08d}"
    book = nasabah.register(user, phone=phone, desa_code=desa.code, address=f"{marker} Jl. Melati No. 1")
    window = config.windows()[0]
    pickup = pickups.request_pickup(book, pickup_date=pickups.today() + timedelta(days=1), window_id=window.id,
                                    estimates={"kardus": 3000}, actor_id=user.id, address=f"{marker} Jl. Melati")
    pickups.schedule(pickup.id)
    pickups.assign(pickup.id, collector.id)
    deposits.record_deposit(book.id, [deposits.Weighing("kardus", 20_000), deposits.Weighing("kaleng", 2_000)],
                            secrets.token_hex(16), actor_id=collector.id, pickup_id=pickup.id,
                            weighed_at=datetime.now(UTC))
    walk_in = deposits.record_deposit(book.id, [deposits.Weighing("botol_pet", 1_000)], secrets.token_hex(16),
                                      actor_id=None)
    ledger.reverse(walk_in.entry_id, f"{marker} salah timbang")
    withdrawal = withdrawals.request(book.id, 20_000, user.id)
    withdrawals.approve(withdrawal.id, None)
    withdrawals.mark_paid(withdrawal.id, "transfer", f"{marker} REF", None)


# (role, local part of the email, name) of the waste bank's demo officers.
DEMO_OFFICERS = (("petugas_bank_sampah", "bank.sampah", "Petugas Bank Sampah"),
                 ("pengumpul_sampah", "penjemput", "Petugas Penjemput Sampah"))


def demo_logins(tenant: TenantInfo) -> list[DemoLogin]:
    """The waste-bank officer and a collector."""
    logins = []
    for role, local_part, name in DEMO_OFFICERS:
        email = f"{local_part}@{tenant.slug}.example.id"
        ensure_demo_account(email, f"{name} {tenant.short_name}", role, OFFICER_PASSWORD)
        logins.append(DemoLogin(local_part.replace(".", " "), email, OFFICER_PASSWORD))
    return logins
