"""Rows of every kind Pengumuman stores, for demos and the cross-tenant probe."""

from __future__ import annotations

from kiblat.modules.pengumuman.services.announcements import latest, publish
from kiblat.platform.identity.demo_accounts import OFFICER_PASSWORD, ensure_demo_account
from kiblat.platform.modular.manifest import DemoLogin
from kiblat.tenants.context import TenantInfo

# Demo news of the demo regencies (by slug); any other regency gets the first one.
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


def sample_data(marker: str) -> None:
    publish(f"{marker} pengumuman", f"{marker} isi pengumuman.", "layanan", author_name=f"{marker} humas")


def demo_logins(tenant: TenantInfo) -> list[DemoLogin]:
    """The demo's Humas officer, and the regency's demo news once (when it has none yet)."""
    if not latest(1):
        for title, body, category in DEMO_ANNOUNCEMENTS.get(tenant.slug, DEMO_ANNOUNCEMENTS["deliserdang"][:1]):
            publish(title, body, category, author_name="Diskominfo")
    email = f"humas@{tenant.slug}.example.id"
    ensure_demo_account(email, f"Humas {tenant.short_name}", "humas", OFFICER_PASSWORD)
    return [DemoLogin("humas", email, OFFICER_PASSWORD)]
