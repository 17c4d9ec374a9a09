"""Demo regencies for ``make run``: Deli Serdang and Binjai, branded differently, with news."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from kiblat.tenants import services
from kiblat.tenants.context import TenantInfo, tenant_context
from kiblat.tenants.registry import tenant_registry


@dataclass(frozen=True)
class DemoRegency:
    region_code: str
    slug: str
    modules: tuple[str, ...]
    branding: dict
    announcements: tuple[tuple[str, str, str], ...]


DEMO_REGENCIES = (
    DemoRegency(
        "12.07",
        "deliserdang",
        ("pengumuman",),
        {
            "primary_color": "#0b6e4f",
            "accent_color": "#f2c200",
            "tagline": "Deli Serdang Maju, Sejahtera, Religius dan Rukun",
            "head_title": "Bupati",
            "head_name": "dr. H. Asri Ludin Tambunan",
        },
        (
            ("Pelayanan perizinan Sri Deli kini daring penuh",
             "Warga dapat mengajukan izin dari rumah atau melalui kantor desa.\n\n"
             "Status permohonan dapat dipantau setiap saat.", "layanan"),
            ("Jadwal vaksinasi anak di puskesmas",
             "Vaksinasi dilaksanakan di seluruh puskesmas pada hari kerja pukul 08.00–12.00 WIB.", "kesehatan"),
        ),
    ),
    DemoRegency(
        "12.75",
        "binjai",
        ("pengumuman",),
        {
            "primary_color": "#1d4e89",
            "accent_color": "#e76f51",
            "tagline": "Binjai Kota Rambutan",
            "head_title": "Wali Kota",
            "head_name": "H. Amir Hamzah",
        },
        (
            ("Binjai bergabung dengan Kiblat",
             "Kota Binjai kini memakai aplikasi layanan publik yang dikembangkan Kabupaten Deli Serdang.", "umum"),
        ),
    ),
)


def ensure_demo_regencies() -> list[TenantInfo]:
    """Create the demo regencies that are missing (idempotent); return all of them."""
    from kiblat.modules.pengumuman import api as pengumuman

    ready = []
    for demo in DEMO_REGENCIES:
        tenant = tenant_registry().by_slug(demo.slug)
        if tenant is None:
            services.create_tenant(demo.region_code, slug=demo.slug, module_keys=demo.modules)
            services.update_branding(demo.slug, **demo.branding)
            tenant = tenant_registry().by_slug(demo.slug)
            with tenant_context(tenant):
                for title, body, category in demo.announcements:
                    pengumuman.publish(title, body, category, author_name="Diskominfo")
        ready.append(tenant)
    return ready


def demo_urls(port: int) -> list[str]:
    base = current_app.config["BASE_DOMAIN"]
    lines = [f"Platform:    http://{base}:{port}/"]
    for tenant in tenant_registry().all():
        if tenant.slug in {d.slug for d in DEMO_REGENCIES}:
            lines.append(f"{tenant.short_name + ':':<12} http://{tenant.primary_host}:{port}/")
    return lines
