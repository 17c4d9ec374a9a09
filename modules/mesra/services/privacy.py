"""MeSRA's part in citizens' data rights (manifest hooks).

Reports are not tied to an account: a reporter follows their report with the receipt code
only, so a report is never part of anyone's download and is erased by MeSRA's own retention
(content, messages, files and the reporter's identity, ``retention_days`` after closure), not
earlier by a deletion request. What MeSRA keeps about an *account* is its place as a handler:
TPPK or Satgas membership and how many steps of cases it took. The download says how many,
never which cases or what they hold (that belongs to the reporters and is confidential).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from kiblat.modules.mesra.models import IdentityRequest, Message, SatgasMember, StageLog, TppkMember
from kiblat.platform.core.texts import _
from kiblat.platform.modular.manifest import ErasureReport
from kiblat.tenants.database import tenant_db


def _count(column: Any, user_id: int) -> int:  # noqa: ANN401
    return tenant_db.session.scalar(select(func.count()).where(column == user_id)) or 0


def _memberships(user_id: int) -> tuple[list[TppkMember], list[SatgasMember]]:
    session = tenant_db.session
    return (list(session.scalars(select(TppkMember).where(TppkMember.user_id == user_id).order_by(TppkMember.id))),
            list(session.scalars(select(SatgasMember).where(SatgasMember.user_id == user_id).order_by(SatgasMember.id))))


def personal_data(user_id: int) -> dict[str, Any]:
    tppk, satgas = _memberships(user_id)
    return {
        "laporan": _("Laporan MeSRA tidak terhubung ke akun: laporan Anda hanya dapat dibuka dengan kode tanda "
                     "terimanya, dan isinya tidak dimuat di sini."),
        "anggota_tppk": [{"sekolah": m.school.name, "nama": m.name, "koordinator": m.is_coordinator} for m in tppk],
        "anggota_satgas": [{"nama": m.name, "instansi": m.agency, "aktif": m.active} for m in satgas],
        "penanganan": {
            "tahap_kasus_dicatat": _count(StageLog.user_id, user_id),
            "pesan_ditulis": _count(Message.author_user_id, user_id),
            "permintaan_identitas_diajukan": _count(IdentityRequest.requested_by, user_id),
            "permintaan_identitas_diputuskan": _count(IdentityRequest.decided_by, user_id),
        },
    }


def erase_personal_data(user_id: int) -> ErasureReport:
    """The account stops being a handler; the team rosters (a school's decree) keep their rows."""
    tppk, satgas = _memberships(user_id)
    for member in tppk:
        member.user_id = None
    for member in satgas:
        member.user_id, member.active = None, False
    erased = [_("MeSRA: tautan akun ke keanggotaan TPPK atau Satgas; akun tidak lagi menangani laporan.")] \
        if tppk or satgas else []
    kept = [_("MeSRA: laporan tidak terhubung ke akun dan dihapus menurut masa simpannya sendiri setelah kasus "
              "ditutup; langkah penanganan kasus tetap tercatat tanpa nama sebagai pertanggungjawaban.")]
    if tppk:
        kept.append(_("MeSRA: nama pada susunan TPPK sekolah, sesuai surat keputusannya."))
    return ErasureReport(tuple(erased), tuple(kept))
