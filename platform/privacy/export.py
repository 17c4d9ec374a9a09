"""Everything the regency keeps about one account, as one JSON document the citizen downloads."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import current_app
from sqlalchemy import select

from kiblat.platform.identity.audit.models import AuditEntry
from kiblat.platform.identity.models import NikCorrection, RecoveryCode, User, UserSession
from kiblat.platform.identity.privacy import notice
from kiblat.platform.identity.privacy.models import ErasureRequest
from kiblat.platform.identity.roles import roles_for
from kiblat.platform.survey.elements import ELEMENTS
from kiblat.platform.survey.models import SurveyResponse
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

FORMAT_VERSION = 1


def _when(value: datetime | None) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def _account(user: User) -> dict[str, Any]:
    roles = roles_for(current_tenant)
    return {
        "nama": user.name,
        "email": user.email,
        "email_terverifikasi": _when(user.email_verified_at),
        "telepon": user.phone,
        # The full NIK is stored encrypted and never leaves the system, not even in this file.
        "nik_tersamar": user.nik_masked,
        "peran": sorted(roles[key].name.id if key in roles else key for key in user.role_keys),
        "desa": user.desa_code,
        "kecamatan": user.kecamatan_code,
        "dibuat": _when(user.created_at),
        "terakhir_masuk": _when(user.last_login_at),
        "dua_langkah_aktif": user.totp_enabled_at is not None,
    }


def platform_data(user: User) -> dict[str, Any]:
    session = tenant_db.session
    surveys = session.scalars(select(SurveyResponse).where(SurveyResponse.user_id == user.id)
                              .order_by(SurveyResponse.id))
    return {
        "akun": _account(user),
        "persetujuan_privasi": [{"versi": c.version, "disetujui": _when(c.accepted_at)}
                                for c in notice.consents(user.id)],
        "sesi_masuk": [{"mulai": _when(s.created_at), "berakhir": _when(s.expires_at)}
                       for s in session.scalars(select(UserSession).where(UserSession.user_id == user.id))],
        "survei_kepuasan": [{
            "layanan": r.service_name, "unit": r.unit_name, "dinilai": _when(r.answered_at),
            "nilai": {e.name.id: score for e, score in zip(ELEMENTS, r.scores(), strict=True)},
            "saran": r.suggestion} for r in surveys],
        "permintaan_penghapusan": [{"diminta": _when(r.requested_at), "status": r.status,
                                    "diputuskan": _when(r.decided_at), "catatan": r.decision_note}
                                   for r in session.scalars(select(ErasureRequest)
                                                            .where(ErasureRequest.user_id == user.id))],
        # Masked numbers only, like the account's own NIK.
        "koreksi_nik": [{"nik_lama": c.old_masked, "nik_baru": c.new_masked, "alasan": c.reason, "status": c.status,
                         "diajukan": _when(c.created_at), "diputuskan": _when(c.decided_at),
                         "catatan": c.decision_note}
                        for c in session.scalars(select(NikCorrection).where(NikCorrection.user_id == user.id)
                                                 .order_by(NikCorrection.id))],
        "kode_pemulihan_belum_dipakai": len(list(session.scalars(
            select(RecoveryCode.id).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))))),
        "jejak_audit": [{"waktu": _when(a.created_at), "aksi": a.action}
                        for a in session.scalars(select(AuditEntry).where(AuditEntry.actor_user_id == user.id)
                                                 .order_by(AuditEntry.id).limit(1000))],
    }


def personal_data(user: User) -> dict[str, Any]:
    """The platform's data about ``user`` and every enabled module's (their ``personal_data`` hook)."""
    modules = {}
    for manifest in current_app.extensions["kiblat_modules"]:
        if manifest.key in current_tenant.modules and manifest.personal_data is not None:
            modules[manifest.key] = {"layanan": manifest.name.id,
                                     "data": manifest.hook("personal_data")(user.id)}
    return {
        "format": FORMAT_VERSION,
        "pengendali_data": notice.current_notice().controller_name,
        "dibuat": datetime.now(UTC).isoformat(),
        "platform": platform_data(user),
        "layanan": modules,
    }
