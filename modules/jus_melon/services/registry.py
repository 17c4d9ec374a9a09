"""The opt-in public registry of micro and small businesses, reading one's own, and the
registrations village operators filed for citizens."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from kiblat.modules.jus_melon.models import ISSUED, Business
from kiblat.modules.jus_melon.services import settings
from kiblat.modules.sri_deli import api as sri_deli
from kiblat.platform.identity.models import User
from kiblat.platform.modular.manifest import AssistedCount
from kiblat.tenants.database import tenant_db


def search(text: str = "", activity_id: int | None = None, desa_code: str = "",
           limit: int | None = None) -> list[Business]:
    """Issued businesses listed publicly, by name; at most ``limit`` (default: the regency's
    ``registry_size``)."""
    query = select(Business).where(Business.status == ISSUED, Business.public_listing.is_(True))
    text = (text or "").strip()[:100]
    if text:
        escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Business.business_name.ilike(f"%{escaped}%", escape="\\"))
    if activity_id:
        query = query.where(Business.activity_id == activity_id)
    if desa_code:
        query = query.where(Business.desa_code == desa_code)
    return list(tenant_db.session.scalars(query.order_by(Business.business_name).limit(limit or settings.registry_size())))


def mine(user: User) -> list[Business]:
    return list(tenant_db.session.scalars(
        select(Business).where((Business.user_id == user.id) | (Business.filed_by_user_id == user.id))
        .order_by(Business.submitted_at.desc())))


def by_verify_token(token: str) -> Business | None:
    if not token or len(token) > 64:
        return None
    return tenant_db.session.scalar(select(Business).where(Business.verify_token == token))


def as_of(business: Business) -> datetime | None:
    moment = business.decided_at
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def track(number: str, code: str) -> Business | None:
    """The registration when both its number and tracking code match; None otherwise (no hint which)."""
    # Numbers are written in capitals; a number typed in lower case is the same number.
    business = tenant_db.session.scalar(select(Business).where(Business.number == (number or "").strip().upper()))
    if business is None:
        sri_deli.code_matches(code or "", "0" * 64)  # the same work either way
        return None
    return business if sri_deli.code_matches((code or "").strip(), business.tracking_hash) else None


def owned(user: User, business_id: int) -> Business | None:
    """One of the user's own registrations, or one they filed for a citizen."""
    business = tenant_db.session.get(Business, business_id)
    return business if business is not None and user.id in (business.user_id, business.filed_by_user_id) else None


def assisted_counts() -> list[AssistedCount]:
    """Registrations village operators filed for citizens, per operator and desa (the manifest's
    ``assisted_services``)."""
    rows = tenant_db.session.execute(
        select(Business.filed_by_user_id, Business.desa_code, func.count())
        .where(Business.filed_by_user_id.is_not(None))
        .group_by(Business.filed_by_user_id, Business.desa_code))
    return [AssistedCount(user_id, desa_code, count) for user_id, desa_code, count in rows]
