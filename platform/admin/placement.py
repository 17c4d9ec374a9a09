"""Where a staff account works: the OPD, kecamatan or desa its roles need (``Role.placement``).

A role that needs a place is useless without one (an IUMK officer with no kecamatan sees an
empty queue), so an account is only saved with every place its roles need. An OPD or kecamatan
no role needs any more is dropped (an ex-officer would keep getting the OPD's digest); a desa
stays, since for a citizen it is also where they live."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import get_locale
from sqlalchemy import select

from kiblat.platform.core.texts import _
from kiblat.platform.identity.models import Opd, User
from kiblat.platform.identity.roles import roles_for
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa, Kecamatan


class PlacementError(ValueError):
    """A place is missing or unknown; the message names it and the role needing it."""


@dataclass(frozen=True)
class Placement:
    opd_id: int | None = None
    kecamatan_code: str | None = None
    desa_code: str | None = None


def needed(role_keys: set[str] | frozenset[str]) -> dict[str, list[str]]:
    """Placement kind → names of the given roles needing it."""
    locale = str(get_locale() or "id")
    roles = roles_for(current_tenant)
    kinds: dict[str, list[str]] = {}
    for key in sorted(role_keys):
        role = roles.get(key)
        if role is not None and role.placement:
            kinds.setdefault(role.placement, []).append(role.name.get(locale))
    return kinds


def roles_needing() -> dict[str, list[str]]:
    """Placement kind → names of every role of the regency that needs it (for the form's hints)."""
    return needed(set(roles_for(current_tenant)))


def resolve(role_keys: set[str], wanted: Placement) -> Placement:
    """The places to store for an account holding ``role_keys``, checked against the regency."""
    kinds = needed(role_keys)
    session = tenant_db.session
    opd_id = kecamatan_code = desa_code = None
    if "opd" in kinds:
        opd = session.get(Opd, wanted.opd_id) if wanted.opd_id is not None else None
        if opd is None or not opd.active:
            raise PlacementError(_("Pilih OPD tempat %(roles)s bekerja.", roles=", ".join(kinds["opd"])))
        opd_id = opd.id
    if "kecamatan" in kinds:
        if not wanted.kecamatan_code:
            raise PlacementError(_("Pilih kecamatan tempat %(roles)s bertugas.", roles=", ".join(kinds["kecamatan"])))
        if session.get(Kecamatan, wanted.kecamatan_code) is None:
            raise PlacementError(_("Kecamatan tidak ditemukan di kabupaten/kota ini."))
        kecamatan_code = wanted.kecamatan_code
    if "desa" in kinds:
        if not wanted.desa_code:
            raise PlacementError(_("Pilih desa/kelurahan tempat %(roles)s bertugas.", roles=", ".join(kinds["desa"])))
        if session.get(Desa, wanted.desa_code) is None:
            raise PlacementError(_("Desa/kelurahan tidak ditemukan di kabupaten/kota ini."))
        desa_code = wanted.desa_code
    return Placement(opd_id, kecamatan_code, desa_code)


def apply(user: User, placement: Placement) -> None:
    user.opd_id, user.kecamatan_code = placement.opd_id, placement.kecamatan_code
    if placement.desa_code is not None:
        user.desa_code = placement.desa_code


def kecamatan_choices() -> list[tuple[str, str]]:
    return [(k.code, k.name) for k in tenant_db.session.scalars(select(Kecamatan).order_by(Kecamatan.name))]
