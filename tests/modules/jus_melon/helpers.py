"""Shared set-up for Jus Melon tests: desa, a complete registration form, kecamatan officers."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from kiblat.modules.jus_melon.models import Activity
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.identity.models import Opd
from kiblat.platform.identity.roles import permissions_for
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa
from tests.files import real_jpeg, real_pdf

NIK = "1275014507880003"
# Real files: the upload check decodes photos with Pillow and opens PDFs with pypdf.
JPEG = real_jpeg()
PDF = real_pdf("Bukan foto")


def desa_pair() -> tuple[Desa, Desa]:
    """Two desa in different kecamatan."""
    all_desa = list(tenant_db.session.scalars(select(Desa).order_by(Desa.code)))
    first = all_desa[0]
    other = next(d for d in all_desa if d.kecamatan_code != first.kecamatan_code)
    return first, other


def registration_form(home: Desa, **overrides) -> dict:
    activity = tenant_db.session.scalar(select(Activity).where(Activity.code == "56102"))
    form = {"nama_pemilik": "Rina Sembiring", "nik": NIK, "nama_usaha": "Warung Melon Segar",
            "kegiatan": str(activity.id), "desa": home.code, "alamat": "Jl. Binjai Km 8", "modal": "m1",
            "omzet": "m2", "tampilkan": "1", "email": "rina@example.id"}
    form.update(overrides)
    return form


def kantor_camat(desa: Desa) -> int:
    name = f"Kantor Camat {desa.kecamatan_code}"
    opd = tenant_db.session.scalar(select(Opd).where(Opd.name == name))
    if opd is None:
        opd = Opd(name=name, short_name="KEC")
        tenant_db.session.add(opd)
        tenant_db.session.flush()
    return opd.id


def officer(desa: Desa, **kwargs):  # noqa: ANN202
    kwargs.setdefault("opd_id", kantor_camat(desa))
    user = create_user(name="Petugas Kecamatan", role="officer", desa_code=desa.code,
                       email=f"camat.{secrets.token_hex(3)}@example.id", extra_roles=("petugas_iumk",), **kwargs)
    tenant_db.session.commit()
    return user, permissions_for(user.role_keys, current_tenant)
