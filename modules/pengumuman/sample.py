"""Rows of every kind Pengumuman stores, for demos and the cross-tenant probe."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from PIL import Image
from pypdf import PdfWriter

from kiblat.modules.pengumuman.services import media
from kiblat.modules.pengumuman.services.announcements import latest, publish
from kiblat.platform.identity.demo_accounts import OFFICER_PASSWORD, ensure_demo_account
from kiblat.platform.modular.manifest import DemoLogin
from kiblat.tenants.context import TenantInfo
from kiblat.tenants.database import tenant_db

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


def _sample_files(marker: str) -> media.Files:
    picture, document = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (320, 180), (20, 110, 70)).save(picture, "JPEG")
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(document)
    return media.check_files(None, media.Upload(picture.getvalue(), "sampul.jpg"), f"{marker} sampul",
                             [media.Upload(document.getvalue(), f"{marker} lampiran.pdf")])


def sample_data(marker: str) -> None:
    """A pinned announcement with a cover image and a PDF attachment."""
    item = publish(f"{marker} pengumuman", f"{marker} isi pengumuman.", "layanan", author_name=f"{marker} humas")
    item.pinned_until = datetime.now(UTC) + timedelta(days=7)
    media.store(item, _sample_files(marker))
    tenant_db.session.commit()


def demo_logins(tenant: TenantInfo) -> list[DemoLogin]:
    """The demo's Humas officer, and the regency's demo news once (when it has none yet)."""
    if not latest(1):
        for title, body, category in DEMO_ANNOUNCEMENTS.get(tenant.slug, DEMO_ANNOUNCEMENTS["deliserdang"][:1]):
            publish(title, body, category, author_name="Diskominfo")
    email = f"humas@{tenant.slug}.example.id"
    ensure_demo_account(email, f"Humas {tenant.short_name}", "humas", OFFICER_PASSWORD)
    return [DemoLogin("humas", email, OFFICER_PASSWORD)]
