"""Demo regencies for ``make run``: provisioned from the spec files in ``provisioning/specs``.

Re-running applies only differences, so ``kiblat demo setup`` is idempotent; the
demo announcements are demo content, added once after provisioning.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from kiblat.provisioning.run import provision_now
from kiblat.provisioning.spec import load_spec_file
from kiblat.tenants.context import TenantInfo, tenant_context
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
        ready.append(tenant)
    return ready


def demo_urls(port: int) -> list[str]:
    base = current_app.config["BASE_DOMAIN"]
    lines = [f"Platform:    http://{base}:{port}/"]
    for tenant in tenant_registry().all():
        if tenant.slug in DEMO_SLUGS:
            lines.append(f"{tenant.short_name + ':':<12} http://{tenant.primary_host}:{port}/")
    lines.append(f"Outbox:      http://{base}:{port}/dev/outbox")
    return lines
