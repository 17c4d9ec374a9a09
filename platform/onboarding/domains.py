"""Official email domains per region: the staff-maintained list that decides whether a verified
address may have a region's onboarding approved without a person looking at it."""

from __future__ import annotations

import re

from sqlalchemy import select

from kiblat.platform.core.extensions import db
from kiblat.platform.core.texts import _
from kiblat.platform.identity.staff.models import StaffActionLog, StaffUser
from kiblat.platform.onboarding.errors import OnboardingError
from kiblat.platform.onboarding.models import OfficialDomain
from kiblat.platform.regions.models import Regency

DOMAIN_RE = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def is_official_for(email: str, region_code: str | None) -> bool:
    """Whether ``email``'s domain is recorded as an official domain of ``region_code``."""
    if not region_code:
        return False
    row = db.session.get(OfficialDomain, domain_of(email))
    return row is not None and row.region_code == region_code


def all_domains() -> list[OfficialDomain]:
    return list(db.session.scalars(select(OfficialDomain).order_by(OfficialDomain.region_code,
                                                                   OfficialDomain.domain)))


def add(staff: StaffUser, domain: str, region_code: str) -> OfficialDomain:
    """Record ``domain`` as official for the region (commits; logged for the staff member)."""
    domain = (domain or "").strip().lower().removeprefix("@")
    if not DOMAIN_RE.match(domain):
        raise OnboardingError(_("Domain %(domain)s tidak valid; contoh: deliserdangkab.go.id.", domain=domain or "-"),
                              "domain")
    regency = db.session.get(Regency, (region_code or "").strip())
    if regency is None:
        raise OnboardingError(_("Kode wilayah %(code)s tidak dikenal; contoh: 12.07.", code=region_code or "-"),
                              "region")
    existing = db.session.get(OfficialDomain, domain)
    if existing is not None:
        raise OnboardingError(_("Domain %(domain)s sudah tercatat untuk wilayah %(code)s.", domain=domain,
                                code=existing.region_code), "domain")
    row = OfficialDomain(domain=domain, region_code=regency.code)
    db.session.add(row)
    db.session.add(StaffActionLog(staff_id=staff.id, action="onboarding.domain_add", object_type="domain",
                                  object_id=domain, details={"region": regency.code}))
    db.session.commit()
    return row


def remove(staff: StaffUser, domain: str) -> None:
    row = db.session.get(OfficialDomain, (domain or "").strip().lower())
    if row is None:
        raise OnboardingError(_("Domain tidak ditemukan."), "domain", status=404)
    db.session.delete(row)
    db.session.add(StaffActionLog(staff_id=staff.id, action="onboarding.domain_remove", object_type="domain",
                                  object_id=row.domain, details={"region": row.region_code}))
    db.session.commit()
