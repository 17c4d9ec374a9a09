"""Demo regencies for ``make run``: provisioned from the spec files in ``provisioning/specs``.

Re-running applies only differences, so ``kiblat demo setup`` is idempotent; the
demo announcements are demo content, added once after provisioning.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app

from kiblat.provisioning.run import provision_now
from kiblat.provisioning.spec import load_spec_file
from kiblat.tenants.context import TenantInfo, current_tenant, tenant_context
from kiblat.tenants.registry import tenant_registry

SPECS_DIR = Path(__file__).with_name("specs")
# Order matters: Binjai's spec uses Deli Serdang as its template.
DEMO_SPECS = ("deliserdang.yaml", "binjai.yaml")
DEMO_SLUGS = ("deliserdang", "binjai")

DEMO_ANNOUNCEMENTS = {
    "deliserdang": (
        ("Pelayanan perizinan Sri Deli kini daring penuh",
         "Warga dapat mengajukan izin dari rumah atau melalui kantor desa.\n\n"
         "Status permohonan dapat dipantau setiap saat.", "layanan"),
        ("Jadwal vaksinasi anak di puskesmas",
         "Vaksinasi dilaksanakan di seluruh puskesmas pada hari kerja pukul 08.00–12.00 WIB.", "kesehatan"),
    ),
    "binjai": (
        ("Binjai bergabung dengan Kiblat",
         "Kota Binjai kini memakai aplikasi layanan publik yang dikembangkan Kabupaten Deli Serdang.", "umum"),
    ),
}


def ensure_demo_regencies() -> list[TenantInfo]:
    """Bring the demo regencies to their specs and add demo news once; return them."""
    from kiblat.modules.pengumuman import api as pengumuman

    ready = []
    for name in DEMO_SPECS:
        run = provision_now(load_spec_file(SPECS_DIR / name))
        tenant = tenant_registry().by_slug(run.tenant_slug)
        with tenant_context(tenant):
            if not pengumuman.latest(1):
                for title, body, category in DEMO_ANNOUNCEMENTS.get(tenant.slug, ()):
                    pengumuman.publish(title, body, category, author_name="Diskominfo")
            if "taman_buah" in tenant.modules:
                _demo_fruit_park()
        ready.append(tenant)
    return ready


def _demo_fruit_park() -> None:
    """Once: a school group and a family booked for today, and a morning of fruit sales,
    so the gate, the counter and the reports have something to show."""
    from kiblat.modules.kunjungan import api as kunjungan
    from kiblat.modules.taman_buah import api as taman_buah

    today = datetime.now(ZoneInfo(current_tenant.time_zone)).date()
    place = kunjungan.place_by_key("taman-buah")
    if place is None or kunjungan.visitors_per_day(place.id, today, today + timedelta(days=1)):
        return
    types = {t.key: t.id for t in kunjungan.ticket_types(place.id)}
    for day in (today, today + timedelta(days=1)):
        open_slots = [s for s in kunjungan.availability(place.id, day) if s.left > 0 and s.ends_at > datetime.now(UTC)]
        for slot, (name, counts) in zip(open_slots, DEMO_VISITS, strict=False):
            order = kunjungan.Order(slot.id, {types[k]: n for k, n in counts.items()}, name, "", None, place.id)
            kunjungan.book(order, f"demo-{day.isoformat()}-{slot.id}", walk_in=True, paid_method="cash")
    for fruits in DEMO_SALES:
        taman_buah.record_sale([taman_buah.Weighing(k, g) for k, g in fruits], secrets.token_hex(16),
                               visitor_name="Pengunjung demo")


DEMO_VISITS = (("Rombongan SD Negeri 101 Lubuk Pakam", {"pelajar": 30, "dewasa": 3}),
               ("Keluarga Sitepu", {"dewasa": 2, "anak": 2, "balita": 1}))
DEMO_SALES = ((("rambutan", 2_000), ("jambu_madu", 1_500)), (("stroberi", 500),), (("durian", 3_200),))


DEMO_PASSWORDS = {"admin": "admin-demo-2026", "citizen": "warga-demo-2026", "walidata": "walidata-demo-2026",
                  "produsen": "produsen-demo-2026", "gate": "gerbang-demo-2026"}
# Gate and weighing staff of Taman Buah: no second factor, so a phone at the gate signs in quickly.
DEMO_GATE_OFFICER = ("gerbang@{slug}.example.id", "Petugas Gerbang Taman Buah", "petugas_timbang")
DEMO_STAFF = ("staf@kiblat.example.id", "Staf Diskominfo (demo)", "staf-demo-2026")
# One officer per role whose journey a newcomer should be able to walk, placed where the role
# needs (the camat's IUMK officer in a kecamatan, the village operator in a desa).
DEMO_OFFICERS = (("humas", "humas", "Humas", None), ("petugas_iumk", "camat.iumk", "Petugas IUMK Kecamatan", "kecamatan"),
                 ("village_operator", "operator.desa", "Operator Desa", "desa"),
                 ("petugas_bank_sampah", "bank.sampah", "Petugas Bank Sampah", None),
                 ("pengumpul_sampah", "penjemput", "Petugas Penjemput Sampah", None))
DEMO_OFFICER_PASSWORD = "petugas-demo-2026"


def _ensure_demo_officers(tenant: TenantInfo) -> list[tuple[str, str, str, str]]:
    """The demo officers of ``tenant`` (inside its context), created once; their logins."""
    from sqlalchemy import select

    from kiblat.platform.identity.accounts import create_user
    from kiblat.platform.identity.models import User
    from kiblat.platform.identity.passwords import hash_password
    from kiblat.platform.identity.roles import roles_for
    from kiblat.tenants.database import tenant_db
    from kiblat.tenants.local_regions import Desa, Kecamatan

    session = tenant_db.session
    roles = roles_for(tenant)
    logins = []
    for role, local_part, name, place in DEMO_OFFICERS:
        if role not in roles:
            continue
        email = f"{local_part}@{tenant.slug}.example.id"
        user = session.scalar(select(User).where(User.email == email))
        if user is None:
            desa = session.scalar(select(Desa).order_by(Desa.code))
            kecamatan = session.scalar(select(Kecamatan).where(Kecamatan.code == desa.kecamatan_code))
            user = create_user(name=f"{name} {tenant.short_name}", role=role, email=email,
                               password=DEMO_OFFICER_PASSWORD,
                               desa_code=desa.code if place == "desa" else None,
                               kecamatan_code=kecamatan.code if place == "kecamatan" else None)
        elif user.password_hash is None:  # created by the spec without a password
            user.password_hash = hash_password(DEMO_OFFICER_PASSWORD)
        logins.append((tenant.short_name, local_part.replace(".", " "), email, DEMO_OFFICER_PASSWORD))
    session.commit()
    return logins


def ensure_demo_logins() -> list[tuple[str, str, str, str]]:
    """Known passwords for the demo admins, a demo citizen per regency and a staff member.

    Development only (the CLI refuses in production): (where, who, email, password).
    """
    from sqlalchemy import select

    from kiblat.platform.core.extensions import db
    from kiblat.platform.identity.accounts import create_user
    from kiblat.platform.identity.models import User
    from kiblat.platform.identity.passwords import hash_password
    from kiblat.platform.identity.staff.accounts import create_staff, find_staff
    from kiblat.tenants.database import tenant_db

    logins = []
    for slug in DEMO_SLUGS:
        tenant = tenant_registry().by_slug(slug)
        citizen_email = f"warga@{slug}.example.id"
        with tenant_context(tenant):
            session = tenant_db.session
            if session.scalar(select(User.id).where(User.email == citizen_email)) is None:
                create_user(name=f"Warga {tenant.short_name}", role="citizen", email=citizen_email,
                            password=DEMO_PASSWORDS["citizen"])
            if "taman_buah" in tenant.modules:
                gate_email, gate_name, gate_role = DEMO_GATE_OFFICER
                gate_email = gate_email.format(slug=slug)
                if session.scalar(select(User.id).where(User.email == gate_email)) is None:
                    create_user(name=gate_name, role=gate_role, email=gate_email, password=DEMO_PASSWORDS["gate"])
                logins.append((tenant.short_name, "gerbang", gate_email, DEMO_PASSWORDS["gate"]))
            for admin in session.scalars(select(User).where(User.role_key == "admin")):
                if admin.password_hash is None:
                    admin.password_hash = hash_password(DEMO_PASSWORDS["admin"])
                logins.append((tenant.short_name, "admin", admin.email, DEMO_PASSWORDS["admin"]))
            session.commit()
        logins.append((tenant.short_name, "warga", citizen_email, DEMO_PASSWORDS["citizen"]))
        with tenant_context(tenant):
            logins.extend(_ensure_demo_officers(tenant))
        if "satu_data" in tenant.modules:
            from kiblat.modules.satu_data import api as satu_data

            with tenant_context(tenant):
                for who, email, password in satu_data.ensure_demo(DEMO_PASSWORDS["walidata"],
                                                                  DEMO_PASSWORDS["produsen"]):
                    logins.append((tenant.short_name, who, email, password))
    email, name, password = DEMO_STAFF
    if find_staff(email) is None:
        create_staff(email=email, name=name, password=password)
        db.session.commit()
    logins.append(("Platform", "staf", email, password))
    return logins


def demo_urls(port: int) -> list[str]:
    base = current_app.config["BASE_DOMAIN"]
    lines = [f"Platform:    http://{base}:{port}/"]
    for tenant in tenant_registry().all():
        if tenant.slug in DEMO_SLUGS:
            lines.append(f"{tenant.short_name + ':':<12} http://{tenant.primary_host}:{port}/")
    lines.append(f"Outbox:      http://{base}:{port}/dev/outbox")
    return lines
