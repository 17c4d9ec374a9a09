"""Who can process each permit type: a type with a stage whose OPD has no active officer
holding the stage's permission would take applications nobody will ever handle, so citizens
are not offered it and the catalogue's manager is told which stage lacks whom."""

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
    opd_found: bool  # every OPD named by the type's stages exists and is active
    missing_stages: tuple[str, ...]  # stage labels nobody at the stage's OPD may act on
    missing_opds: tuple[str, ...] = ()  # OPD short names that do not exist or are inactive


def stage_opd(permit_type: PermitType, stage: dict) -> str:
    """The OPD (short name, upper case) that works on ``stage``: its own, or the type's."""
    return (stage.get("opd") or permit_type.opd_short_name or "").strip().upper()


def _permissions_by_opd() -> dict[str, set[str]]:
    """OPD short name (upper case) → every permission its active officers hold."""
    held: dict[str, set[str]] = {}
    rows = tenant_db.session.execute(
        select(User, Opd.short_name).join(Opd, User.opd_id == Opd.id)
        .where(User.active.is_(True), Opd.active.is_(True))).all()
    for user, short_name in rows:
        held.setdefault(short_name.strip().upper(), set()).update(permissions_for(user.role_keys, current_tenant))
    return held


def active_opds() -> set[str]:
    return {name.strip().upper() for name in tenant_db.session.scalars(
        select(Opd.short_name).where(Opd.active.is_(True)))}


def understaffed(types: list[PermitType]) -> list[Understaffed]:
    """The types among ``types`` that cannot be processed from start to end today."""
    held = _permissions_by_opd()
    opds = active_opds()
    found = []
    for permit_type in types:
        missing = tuple(stage["label"] for stage in permit_type.stages
                        if stage["permission"] not in held.get(stage_opd(permit_type, stage), set()))
        absent = tuple(dict.fromkeys(stage_opd(permit_type, stage) for stage in permit_type.stages
                                     if stage_opd(permit_type, stage) not in opds))
        if missing or absent or not permit_type.stages:
            found.append(Understaffed(permit_type, not absent, missing, absent))
    return found


def staffed(types: list[PermitType]) -> list[PermitType]:
    """The types among ``types`` every stage of which has an active officer."""
    blocked = {item.permit_type.id for item in understaffed(types)}
    return [permit_type for permit_type in types if permit_type.id not in blocked]
