"""Jus Melon's smart-city indicators (the manifest's ``indicators``): counts only."""

from __future__ import annotations

from sqlalchemy import func, select

from kiblat.modules.jus_melon.models.business import ISSUED, Business
from kiblat.tenants.database import tenant_db


def iumk_issued() -> int:
    """IUMK (micro and small business permits) issued so far."""
    return tenant_db.session.scalar(select(func.count()).select_from(Business).where(Business.status == ISSUED)) or 0
