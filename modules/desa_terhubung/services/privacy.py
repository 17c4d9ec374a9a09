"""Desa Terhubung's part in data rights (manifest hooks): a village operator's place on the
roster and the surveys they sent. Surveys describe a desa's connectivity, not the person,
and stay as the regency's record; the operator's name and phone are erased."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from kiblat.modules.desa_terhubung.models import Attendance, Operator, Survey
from kiblat.platform.core.texts import _
from kiblat.platform.modular.manifest import ErasureReport
from kiblat.tenants.database import tenant_db

ERASED = "(dihapus)"


def _operator(user_id: int) -> Operator | None:
    return tenant_db.session.scalar(select(Operator).where(Operator.user_id == user_id))


def _surveys(user_id: int) -> list[Survey]:
    return list(tenant_db.session.scalars(
        select(Survey).where(Survey.submitted_by_user_id == user_id).order_by(Survey.id)))


def personal_data(user_id: int) -> dict[str, Any]:
    operator = _operator(user_id)
    trainings = [] if operator is None else list(tenant_db.session.scalars(
        select(Attendance).where(Attendance.operator_id == operator.id).order_by(Attendance.id)))
    return {
        "operator_desa": None if operator is None else {
            "nama": operator.name, "telepon": operator.phone, "desa": operator.desa_code,
            "sejak": operator.since.isoformat(),
            "bersertifikat": operator.certified_on.isoformat() if operator.certified_on else None,
            "aktif": operator.active, "pelatihan": len(trainings),
        },
        "survei_dikirim": [{"desa": s.desa_code, "tanggal": s.observed_on.isoformat(), "status": s.status}
                           for s in _surveys(user_id)],
    }


def erase_personal_data(user_id: int) -> ErasureReport:
    operator, surveys = _operator(user_id), _surveys(user_id)
    erased, kept = [], []
    if operator is not None:
        operator.name, operator.phone, operator.user_id, operator.active = ERASED, "", None, False
        erased.append(_("Desa Terhubung: nama dan nomor telepon operator desa."))
        kept.append(_("Desa Terhubung: tempat di daftar operator dan kehadiran pelatihan, tanpa nama, untuk "
                      "hitungan operator terlatih."))
    if surveys:
        kept.append(_("Desa Terhubung: %(count)s survei sinyal desa tetap menjadi data desa (tanpa nama pengirim).",
                      count=len(surveys)))
    return ErasureReport(tuple(erased), tuple(kept))
