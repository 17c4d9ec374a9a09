"""The camat's officer checks a registration once: issue the IUMK the same day, or refuse it."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from kiblat.modules.jus_melon.models import ISSUED, PENDING, REJECTED, Business
from kiblat.modules.jus_melon.services import settings
from kiblat.modules.jus_melon.services.notify import notify
from kiblat.modules.sri_deli import api as sri_deli
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.models import User
from kiblat.tenants.database import tenant_db

PERMISSION = "jus_melon.check"


class CheckError(ValueError):
    pass


def officer_kecamatan(officer: User) -> str | None:
    """The kecamatan an officer serves: the one the admin placed the account in, else the one of
    the desa/kelurahan the account is placed in."""
    if officer.kecamatan_code:
        return officer.kecamatan_code
    return officer.desa_code.rsplit(".", 1)[0] if officer.desa_code else None


def queue(officer: User, permissions: frozenset[str]) -> list[Business]:
    kecamatan = officer_kecamatan(officer)
    if PERMISSION not in permissions or kecamatan is None:
        return []
    return list(tenant_db.session.scalars(
        select(Business).where(Business.kecamatan_code == kecamatan, Business.status == PENDING)
        .order_by(Business.submitted_at).limit(settings.queue_size())))


def get_for_officer(business_id: int, officer: User) -> Business | None:
    business = tenant_db.session.get(Business, business_id)
    if business is None or business.kecamatan_code != officer_kecamatan(officer):
        return None
    return business


def decide(business: Business, officer: User, permissions: frozenset[str], issue: bool, note: str = "",
           now: datetime | None = None) -> Business:
    if PERMISSION not in permissions:
        raise CheckError(str(_l("Anda tidak berwenang memeriksa IUMK")))
    if business.kecamatan_code != officer_kecamatan(officer):
        raise CheckError(str(_l("Usaha ini berada di kecamatan lain")))
    if business.status != PENDING:
        raise CheckError(str(_l("Pendaftaran ini sudah diputus")))
    note = (note or "").strip()[:2000]
    if not issue and not note:
        raise CheckError(str(_l("Alasan wajib diisi")))
    business.status = ISSUED if issue else REJECTED
    business.decided_at = now or datetime.now(UTC)
    business.decided_by_user_id, business.decided_by_name = officer.id, officer.name[:120]
    business.decision_note = note
    if issue:
        business.verify_token = sri_deli.new_verify_token()
    record("jus_melon.issue" if issue else "jus_melon.reject", "jus_melon_business", business.id,
           number=business.number)
    tenant_db.session.commit()
    if issue:
        notify(business, f"IUMK {business.number} terbit", "Unduh IUMK Anda di halaman IUMK saya.")
    else:
        notify(business, f"Pendaftaran IUMK {business.number} ditolak", f"Alasan: {note}")
    return business
