"""Demo regencies for ``make run``: provisioned from the spec files in ``provisioning/specs``.

Re-running applies only differences, so ``kiblat demo setup`` is idempotent. The platform's
own demo accounts (admins, a citizen, a village operator, a staff member) are made here; each
enabled module adds its officers and demo content through its manifest's ``demo_logins`` hook.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from sqlalchemy import select

from kiblat.platform.core.extensions import db
from kiblat.platform.identity.demo_accounts import OFFICER_PASSWORD, ensure_demo_account
from kiblat.platform.identity.models import Opd, User
from kiblat.platform.identity.passwords import hash_password
from kiblat.platform.identity.staff.accounts import create_staff, find_staff
from kiblat.platform.modular.manifest import DemoLogin
from kiblat.provisioning.run import provision_now
from kiblat.provisioning.spec_file import load_spec_file
from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry

SPECS_DIR = Path(__file__).with_name("specs")
# Order matters: Binjai's spec uses Deli Serdang as its template.
DEMO_SPECS = ("deliserdang.yaml", "binjai.yaml")
DEMO_SLUGS = ("deliserdang", "binjai")

DEMO_PASSWORDS = {"admin": "admin-demo-2026", "citizen": "warga-demo-2026"}
DEMO_STAFF = ("staf@kiblat.example.id", "Staf Diskominfo (demo)", "staf-demo-2026")
# The platform's own officer roles whose journey a newcomer should be able to walk, placed
# where the role needs: (role, local part of the email, name, placement). Modules add theirs.
DEMO_OFFICERS = (("village_operator", "operator.desa", "Operator Desa", "desa"),)
# The regency's own agencies, as a newcomer expects to find them on the Users page; modules add
# the ones their officers work at (Sri Deli: the OPD of every permit stage).
DEMO_OPDS = (("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
             ("DLH", "Dinas Lingkungan Hidup"), ("DISDIK", "Dinas Pendidikan"),
             ("DISKOMINFO", "Dinas Komunikasi dan Informatika"))
DEMO_OFFICER_PASSWORD = OFFICER_PASSWORD


def ensure_demo_regencies() -> list[TenantInfo]:
    """Bring the demo regencies to their specs; return them."""
    ready = []
    for name in DEMO_SPECS:
        run = provision_now(load_spec_file(SPECS_DIR / name))
        ready.append(tenant_registry().by_slug(run.tenant_slug))
    return ready


def ensure_demo_officers(tenant: TenantInfo) -> list[DemoLogin]:
    """Inside ``tenant``'s context: the platform's demo officers and every enabled module's
    (its ``demo_logins`` hook, in dependency order), created once; their logins."""
    logins = []
    present = set(tenant_db.session.scalars(select(Opd.short_name)))
    tenant_db.session.add_all(Opd(name=name, short_name=short) for short, name in DEMO_OPDS if short not in present)
    tenant_db.session.flush()
    for role, local_part, name, place in DEMO_OFFICERS:
        email = f"{local_part}@{tenant.slug}.example.id"
        ensure_demo_account(email, f"{name} {tenant.short_name}", role, OFFICER_PASSWORD, place=place)
        logins.append(DemoLogin(local_part.replace(".", " "), email, OFFICER_PASSWORD))
    modules = current_app.extensions["kiblat_modules"]
    for key in modules.dependency_order(tenant.modules):
        hook = modules.get(key).hook("demo_logins")
        if hook is not None:
            logins.extend(hook(tenant))
            tenant_db.session.commit()
    tenant_db.session.commit()
    return logins


def ensure_demo_logins() -> list[tuple[str, DemoLogin]]:
    """Known passwords for the demo admins, a demo citizen and the officers of each demo
    regency, and a staff member. Development only (the CLI refuses in production): (where, login).
    """
    logins: list[tuple[str, DemoLogin]] = []
    for slug in DEMO_SLUGS:
        tenant = tenant_registry().by_slug(slug)
        where = tenant.short_name
        citizen_email = f"warga@{slug}.example.id"
        with tenant_context(tenant):
            session = tenant_db.session
            ensure_demo_account(citizen_email, f"Warga {tenant.short_name}", "citizen", DEMO_PASSWORDS["citizen"])
            for admin in session.scalars(select(User).where(User.role_key == "admin")):
                if admin.password_hash is None:
                    admin.password_hash = hash_password(DEMO_PASSWORDS["admin"])
                logins.append((where, DemoLogin("admin", admin.email, DEMO_PASSWORDS["admin"])))
            session.commit()
            logins.append((where, DemoLogin("warga", citizen_email, DEMO_PASSWORDS["citizen"])))
            logins.extend((where, login) for login in ensure_demo_officers(tenant))
    email, name, password = DEMO_STAFF
    if find_staff(email) is None:
        create_staff(email=email, name=name, password=password)
        db.session.commit()
    logins.append(("Platform", DemoLogin("staf", email, password)))
    return logins


def demo_urls(port: int) -> list[str]:
    base = current_app.config["BASE_DOMAIN"]
    lines = [f"Platform:    http://{base}:{port}/"]
    for tenant in tenant_registry().all():
        if tenant.slug in DEMO_SLUGS:
            lines.append(f"{tenant.short_name + ':':<12} http://{tenant.primary_host}:{port}/")
    lines.append(f"Outbox:      http://{base}:{port}/dev/outbox")
    return lines
