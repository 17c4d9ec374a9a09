"""Who can process each permit type: a type whose OPD has no active officer for one of its
stages would take applications nobody will ever handle, so the admin is told which."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from kiblat.modules.sri_deli.models import PermitType
from kiblat.platform.identity.models import Opd, User
from kiblat.platform.identity.roles import permissions_for
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


@dataclass(frozen=True)
class Understaffed:
    permit_type: PermitType
    opd_found: bool
    missing_stages: tuple[str, ...]  # stage labels nobody at the OPD may act on


def _permissions_by_opd() -> dict[str, set[str]]:
    """OPD short name (upper case) → every permission its active officers hold."""
    held: dict[str, set[str]] = {}
    rows = tenant_db.session.execute(
        select(User, Opd.short_name).join(Opd, User.opd_id == Opd.id)
        .where(User.active.is_(True), Opd.active.is_(True))).all()
    for user, short_name in rows:
        held.setdefault(short_name.strip().upper(), set()).update(permissions_for(user.role_keys, current_tenant))
    return held


def understaffed(types: list[PermitType]) -> list[Understaffed]:
    """The types among ``types`` that cannot be processed from start to end today."""
    held = _permissions_by_opd()
    active_opds = {name.strip().upper() for name in tenant_db.session.scalars(
        select(Opd.short_name).where(Opd.active.is_(True)))}
    found = []
    for permit_type in types:
        opd = permit_type.opd_short_name.strip().upper()
        permissions = held.get(opd, set())
        missing = tuple(stage["label"] for stage in permit_type.stages if stage["permission"] not in permissions)
        if missing or opd not in active_opds:
            found.append(Understaffed(permit_type, opd in active_opds, missing))
    return found
