"""The school registry, each school's TPPK and the regency's Satgas PPKSP roster."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from kiblat.modules.mesra.models import SatgasMember, School, Tppk, TppkMember
from kiblat.modules.mesra.services.errors import MesraError
from kiblat.modules.mesra.services.labels import LEVELS, POSITIONS, STATUSES
from kiblat.platform.core.texts import _
from kiblat.platform.identity.models import User
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa, Kecamatan

NPSN_RE = re.compile(r"^\d{8}$")
IMPORT_COLUMNS = ("npsn", "nama", "jenjang", "status", "kecamatan", "desa")


def _kecamatan(value: str) -> Kecamatan | None:
    value = value.strip()
    return tenant_db.session.scalar(select(Kecamatan).where(
        (Kecamatan.code == value) | (func.lower(Kecamatan.name) == value.lower())))


def _desa(kecamatan: Kecamatan, value: str) -> Desa | None:
    value = value.strip()
    return tenant_db.session.scalar(select(Desa).where(
        Desa.kecamatan_code == kecamatan.code, (Desa.code == value) | (func.lower(Desa.name) == value.lower())))


def add_school(npsn: str, name: str, level: str, status: str, kecamatan: str, desa: str = "",
               latitude: float | None = None, longitude: float | None = None) -> School:
    """Check everything, then add the school (flushes; the caller commits)."""
    npsn, name = (npsn or "").strip(), (name or "").strip()
    if not NPSN_RE.match(npsn):
        raise MesraError(_("NPSN harus 8 angka."))
    if tenant_db.session.scalar(select(School.id).where(School.npsn == npsn)) is not None:
        raise MesraError(_("NPSN %(npsn)s sudah terdaftar.", npsn=npsn))
    if not name or len(name) > 200:
        raise MesraError(_("Nama sekolah wajib diisi (paling banyak 200 huruf)."))
    level, status = (level or "").strip().lower(), (status or "").strip().lower()
    if level not in LEVELS:
        raise MesraError(_("Jenjang harus salah satu dari: %(list)s.", list=", ".join(LEVELS.values())))
    if status not in STATUSES:
        raise MesraError(_("Status sekolah harus negeri atau swasta."))
    found = _kecamatan(kecamatan or "")
    if found is None:
        raise MesraError(_("Kecamatan %(name)s tidak ada di daerah ini.", name=(kecamatan or "").strip()[:60]))
    desa_code = None
    if (desa or "").strip():
        village = _desa(found, desa)
        if village is None:
            raise MesraError(_("Desa/kelurahan %(name)s tidak ada di Kecamatan %(kec)s.",
                               name=desa.strip()[:60], kec=found.name))
        desa_code = village.code
    for value, low, high in ((latitude, -11.5, 6.5), (longitude, 94.5, 141.5)):
        if value is not None and not low <= value <= high:
            raise MesraError(_("Titik peta berada di luar Indonesia."))
    school = School(npsn=npsn, name=name, level=level, status=status, kecamatan_code=found.code,
                    desa_code=desa_code, latitude=latitude, longitude=longitude)
    tenant_db.session.add(school)
    tenant_db.session.flush()
    return school


@dataclass(frozen=True)
class ImportRow:
    line: int
    npsn: str
    error: str | None


def import_rows(header: list[str], rows: list[list[str]]) -> list[ImportRow]:
    """Add every valid row (each on its own); the report says what happened to each line."""
    names = [h.strip().lower() for h in header]
    missing = [c for c in IMPORT_COLUMNS[:5] if c not in names]
    if missing:
        raise MesraError(_("Kolom berikut tidak ada: %(cols)s.", cols=", ".join(missing)))
    report = []
    for line, row in enumerate(rows, start=2):
        values = dict(zip(names, row, strict=False))
        npsn = (values.get("npsn") or "").strip()
        try:
            with tenant_db.session.begin_nested():
                add_school(npsn, values.get("nama", ""), values.get("jenjang", ""), values.get("status", ""),
                           values.get("kecamatan", ""), values.get("desa", ""))
            report.append(ImportRow(line, npsn, None))
        except MesraError as exc:
            report.append(ImportRow(line, npsn, str(exc)))
    return report


def all_schools() -> list[School]:
    return list(tenant_db.session.scalars(select(School).order_by(School.name)))


def get_school(school_id: int) -> School | None:
    return tenant_db.session.get(School, school_id)


def kecamatan_names() -> dict[str, str]:
    return dict(tenant_db.session.execute(select(Kecamatan.code, Kecamatan.name)).all())


def tppk_warnings(school: School, today: date) -> list[str]:
    """What is wrong with a school's TPPK under Permendikbudristek 46/2023."""
    size = len(school.members)
    warnings = []
    if school.team is None and size == 0:
        return [_("Belum ada TPPK.")]
    if school.team is None:
        warnings.append(_("SK TPPK belum dicatat."))
    if size < 3:
        warnings.append(_("TPPK kurang dari 3 orang."))
    elif size % 2 == 0:
        warnings.append(_("Jumlah anggota TPPK genap; harus ganjil."))
    if school.team is not None and school.team.term_end < today:
        warnings.append(_("Masa tugas TPPK sudah berakhir."))
    if size and not any(m.position in ("orang_tua", "komite") for m in school.members):
        warnings.append(_("TPPK belum memiliki anggota dari orang tua/komite."))
    return warnings


def set_team(school: School, sk_number: str, sk_date: date, term_end: date) -> Tppk:
    if term_end <= sk_date:
        raise MesraError(_("Akhir masa tugas harus sesudah tanggal SK."))
    team = school.team or Tppk(school=school)
    team.sk_number, team.sk_date, team.term_end = sk_number.strip(), sk_date, term_end
    tenant_db.session.add(team)
    tenant_db.session.flush()
    return team


def _account(email: str) -> int | None:
    email = (email or "").strip().lower()
    if not email:
        return None
    user_id = tenant_db.session.scalar(select(User.id).where(func.lower(User.email) == email))
    if user_id is None:
        raise MesraError(_("Tidak ada akun dengan email %(email)s di daerah ini.", email=email[:80]))
    return user_id


def add_member(school: School, name: str, position: str, coordinator: bool = False, email: str = "") -> TppkMember:
    if position not in POSITIONS:
        raise MesraError(_("Kedudukan anggota tidak dikenal."))
    if coordinator:
        for other in school.members:
            other.is_coordinator = False
    member = TppkMember(school_id=school.id, name=name.strip(), position=position, is_coordinator=coordinator,
                        user_id=_account(email))
    tenant_db.session.add(member)
    tenant_db.session.flush()
    tenant_db.session.refresh(school)
    return member


def remove_member(school: School, member_id: int) -> None:
    member = tenant_db.session.get(TppkMember, member_id)
    if member is None or member.school_id != school.id:
        raise MesraError(_("Anggota tidak ditemukan."))
    tenant_db.session.delete(member)
    tenant_db.session.flush()


def satgas_roster() -> list[SatgasMember]:
    return list(tenant_db.session.scalars(select(SatgasMember).order_by(SatgasMember.name)))


def add_satgas(name: str, agency: str, email: str = "") -> SatgasMember:
    member = SatgasMember(name=name.strip(), agency=agency.strip(), user_id=_account(email), active=True)
    tenant_db.session.add(member)
    tenant_db.session.flush()
    return member


def set_satgas_active(member_id: int, active: bool) -> None:
    member = tenant_db.session.get(SatgasMember, member_id)
    if member is None:
        raise MesraError(_("Anggota Satgas tidak ditemukan."))
    member.active = active
