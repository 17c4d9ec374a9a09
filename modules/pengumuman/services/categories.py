"""The announcement categories every regency starts with (configuration, copied by templates)."""

from __future__ import annotations

from sqlalchemy import select

from kiblat.modules.pengumuman.models import Category
from kiblat.tenants.database import tenant_db

DEFAULT_CATEGORIES = (
    ("umum", "Umum"),
    ("layanan", "Layanan Publik"),
    ("kesehatan", "Kesehatan"),
    ("darurat", "Kebencanaan dan Darurat"),
)


def seed() -> None:
    """The manifest's ``seed``: adds the default categories that are missing (idempotent)."""
    session = tenant_db.session
    present = set(session.scalars(select(Category.key)))
    for key, name in DEFAULT_CATEGORIES:
        if key not in present:
            session.add(Category(key=key, name=name))
    session.flush()
