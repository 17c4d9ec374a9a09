"""The load test's deployment: control plane, a second database server, regencies placed on
both (least-loaded placement), and per regency a waste-bank officer, nasabah with savings and an
API client. Writes what the load needs to know (hosts, accounts, secrets) as JSON."""

from __future__ import annotations

import json
import secrets
import sys
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from kiblat.migrations import runner
from kiblat.modules.jumpa_madu.services import deposits, nasabah
from kiblat.platform.core.app import create_app
from kiblat.platform.core.extensions import db
from kiblat.platform.identity import twofactor
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.identity.api import services as api_clients
from kiblat.platform.regions.models import Regency
from kiblat.platform.regions.sync import sync_regions
from kiblat.provisioning.run import provision_tenant
from kiblat.tenants import servers
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa
from kiblat.tenants.models import Tenant

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository: the tests' real files
from tests.modules.sri_deli.helpers import submit_research  # noqa: E402

MODULES = ("pengumuman", "jumpa_madu", "sri_deli")
PERMITS_PER_TENANT = 3
NASABAH_PER_TENANT = 4
# Officers sign in with a TOTP code, each code once: several per regency, so two load users
# signing in at the same moment rarely share one.
OFFICERS_PER_TENANT = 3
PASSWORD_BYTES = 12


def _regency_codes(count: int) -> list[str]:
    # Regencies with kecamatan/desa (a savings book needs a desa the bank serves).
    codes = []
    for code in db.session.scalars(select(Regency.code).order_by(Regency.code)):
        codes.append(code)
        if len(codes) == count * 2:
            break
    return codes


def _seed_tenant(tenant) -> dict:  # noqa: ANN001 - a TenantInfo
    with tenant_context(tenant):
        desa = tenant_db.session.scalar(select(Desa.code).order_by(Desa.code).limit(1))
        if desa is None:
            return {}
        officers = []
        for number in range(OFFICERS_PER_TENANT):
            password = secrets.token_urlsafe(PASSWORD_BYTES)
            officer = create_user(name=f"Petugas Beban {number}", role="petugas_bank_sampah",
                                  email=f"petugas{number}@{tenant.slug}.beban.example.id", password=password)
            secret = twofactor.pending_secret(officer)
            officer.totp_enabled_at = datetime.now(UTC)
            tenant_db.session.commit()
            officers.append({"email": officer.email, "password": password, "totp": secret})
        books = []
        for number in range(NASABAH_PER_TENANT):
            citizen_password = secrets.token_urlsafe(PASSWORD_BYTES)
            user = create_user(name=f"Nasabah {number}", role="citizen",
                               email=f"nasabah{number}@{tenant.slug}.beban.example.id", password=citizen_password)
            tenant_db.session.commit()
            book = nasabah.register(user, phone=f"+62812{secrets.randbelow(10**8):08d}", desa_code=desa,
                                    address=f"Jl. Beban No. {number}")
            for _ in range(5):  # Rp600.000 to withdraw from
                deposits.record_deposit(book.id, [deposits.Weighing("kaleng", 10_000)], secrets.token_hex(16),
                                        actor_id=None, weighed_at=datetime.now(UTC))
            books.append({"account_no": book.account_no, "email": user.email, "password": citizen_password})
        # Permit applications to track (submitted the way the tests submit a research permit).
        permits = []
        for _ in range(PERMITS_PER_TENANT):
            submitted = submit_research()
            permits.append({"number": submitted.application.number, "code": submitted.tracking_code})
        client, secret = api_clients.create_client("Uji beban", ["jumpa_madu.read"])
        return {"slug": tenant.slug, "host": tenant.primary_host,
                "officers": officers,
                "nasabah": books, "permits": permits, "api": {"client_id": client.client_id, "secret": secret}}


def seed(environ: dict[str, str], second_url: str, tenants: int, out: Path) -> None:
    app = create_app(environ, web=False)
    with app.app_context():
        runner.upgrade_control_plane()
        sync_regions()
        servers.add_server("kedua", second_url)
        made = []
        for code in _regency_codes(tenants):
            if len(made) == tenants:
                break
            info = provision_tenant(code, modules=MODULES)
            seeded = _seed_tenant(info)
            # One long app context seeds every regency: give each one's connection back to its
            # server's pool (a request does this at teardown), or 50 regencies exhaust the pools.
            tenant_db.close_sessions()
            if seeded:
                seeded["server"] = db.session.scalar(select(Tenant.database_server).where(Tenant.slug == info.slug))
                made.append(seeded)
                print(f"  {len(made)}/{tenants} {info.slug} on {seeded['server']}", flush=True)
        db.session.remove()
    out.write_text(json.dumps({"tenants": made}, indent=1))


if __name__ == "__main__":
    seed(json.loads(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]))
