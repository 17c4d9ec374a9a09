"""Shared set-up for Sri Deli tests: OPDs, officers, files and a complete submission."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select

from kiblat.modules.sri_deli.services.submit import Applicant, submit
from kiblat.platform.identity.models import Opd, User
from kiblat.platform.identity.roles import permissions_for
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa
from tests.files import real_pdf, real_png

# Real files: the upload check opens PDFs with pypdf and decodes images with Pillow.
PDF = real_pdf("Dokumen uji")
PNG = real_png()
NIK = "1207015203900002"
ALL_STAFF_ROLES = ("petugas_loket", "verifikator_izin", "penandatangan_izin")


def opd(short_name: str) -> Opd:
    session = tenant_db.session
    found = session.scalar(select(Opd).where(Opd.short_name == short_name))
    if found is None:
        found = Opd(name=f"Dinas {short_name} {secrets.token_hex(3)}", short_name=short_name)
        session.add(found)
        session.flush()
    return found


def officer(short_name: str = "KESBANGPOL", roles: tuple[str, ...] = ALL_STAFF_ROLES,
            email: str | None = None) -> User:
    from kiblat.platform.identity.accounts import create_user

    user = create_user(name=f"Petugas {short_name}", role="officer", opd_id=opd(short_name).id,
                       email=email or f"petugas.{secrets.token_hex(4)}@example.id", extra_roles=roles)
    tenant_db.session.commit()
    return user


def perms(user: User) -> frozenset[str]:
    return permissions_for(user.role_keys, current_tenant)


def first_desa() -> str:
    return tenant_db.session.scalar(select(Desa.code).order_by(Desa.code))


def applicant(**overrides) -> Applicant:
    data = dict(kind="perorangan", name="Siti Aminah", nik=NIK, email="siti@example.id",
                desa_code=first_desa(), address="Jl. Pendidikan No. 5")
    data.update(overrides)
    return Applicant(**data)


def submit_research(now: datetime | None = None, key: str | None = None,  # noqa: ANN201
                    files_override: dict[str, tuple[str, bytes]] | None = None, **overrides):
    fields = {"judul": "Ketahanan pangan desa", "lokasi": "Lubuk Pakam", "mulai": "2026-12-01",
              "selesai": "2027-02-01"}
    files = {"ktp": ("ktp.pdf", PDF), "surat_pengantar": ("pengantar.pdf", PDF), "proposal": ("proposal.png", PNG),
             **(files_override or {})}
    return submit("penelitian", applicant(**overrides), fields, files, key or secrets.token_urlsafe(24), now=now)


def staff_catalogue(app, tenant, short_names: tuple[str, ...] = ("DPMPTSP", "DINKES", "KESBANGPOL")) -> None:  # noqa: ANN001
    """An officer holding every stage's role at each OPD of the starting catalogue, so citizens
    are offered its permit types (a type nobody can process is hidden from them)."""
    from kiblat.tenants.context import tenant_context

    with app.app_context(), tenant_context(tenant):
        for short_name in short_names:
            officer(short_name, email=f"serba.{short_name.lower()}.{secrets.token_hex(3)}@example.id")
