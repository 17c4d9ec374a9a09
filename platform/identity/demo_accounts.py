"""Demo accounts with known passwords, for ``kiblat demo setup`` (development only).

Modules' ``demo_logins`` hooks and provisioning's demo use the same helper, so every demo
officer is created once, placed where its role needs, and keeps a password the demo prints.
"""

from __future__ import annotations

from sqlalchemy import select

from kiblat.platform.identity.accounts import create_user
from kiblat.platform.identity.models import User
from kiblat.platform.identity.passwords import hash_password
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa

# Officers of the demo regencies share one password, so a newcomer can walk every journey.
OFFICER_PASSWORD = "petugas-demo-2026"


def ensure_demo_account(email: str, name: str, role: str, password: str, place: str | None = None,
                        opd_id: int | None = None) -> User:
    """The user ``email`` of the current tenant, created once with ``password``; ``place``
    ("kecamatan" or "desa") puts a new account in the regency's first desa or its kecamatan.
    An account the spec created without a password gets ``password``. The caller commits."""
    session = tenant_db.session
    user = session.scalar(select(User).where(User.email == email))
    if user is None:
        desa = session.scalar(select(Desa).order_by(Desa.code)) if place else None
        user = create_user(name=name, role=role, email=email, password=password, opd_id=opd_id,
                           desa_code=desa.code if place == "desa" else None,
                           kecamatan_code=desa.kecamatan_code if place == "kecamatan" else None)
    elif user.password_hash is None:
        user.password_hash = hash_password(password)
    return user
