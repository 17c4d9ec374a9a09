"""A citizen's request to delete their personal data, and carrying it out.

Decided by a regency admin, not by a job: before anything is erased someone must check that the
request really comes from the person (a stolen session must not wipe an account) and that nothing
is still running in their name — an open permit, savings still held. The admin page lists the
waiting requests oldest first, with how long each has waited.

Carrying it out asks every enabled module to erase or anonymise what it may
(``erase_personal_data``) and to say what it keeps and why (an issued permit, ledger rows); then
the account itself is anonymised: name replaced, email, phone, NIK and two-factor secret removed,
sessions and links deleted, sign-in impossible. The account row stays (without personal data), so
the records that must be kept still say "a citizen" rather than pointing nowhere.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import delete, select, update

from kiblat.platform.core.texts import _
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.models import (
    AccountToken,
    Invitation,
    NikCorrection,
    RecoveryCode,
    User,
    UserSession,
)
from kiblat.platform.identity.oidc.models import OidcIdentity
from kiblat.platform.identity.privacy.models import DONE, REFUSED, WAITING, ErasureRequest
from kiblat.platform.modular.manifest import ErasureReport
from kiblat.platform.survey.models import SurveyResponse
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

ERASED_NAME = "Warga (data dihapus)"
ERASED_DOMAIN = "dihapus.invalid"
REASON_MAX = 1000


class ErasureError(ValueError):
    """Why a request cannot be made or decided, fit to show."""


def waiting_request(user_id: int) -> ErasureRequest | None:
    return tenant_db.session.scalar(select(ErasureRequest).where(
        ErasureRequest.user_id == user_id, ErasureRequest.status == WAITING))


def request_erasure(user: User, reason: str = "") -> ErasureRequest:
    """The citizen asks (commits); one waiting request at a time."""
    if waiting_request(user.id) is not None:
        raise ErasureError(_("Permintaan penghapusan Anda sudah kami terima dan sedang menunggu diproses."))
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ErasureError(_("Alasan paling banyak %(count)s karakter.", count=REASON_MAX))
    row = ErasureRequest(user_id=user.id, reason=reason, status=WAITING, requested_at=datetime.now(UTC), report={})
    tenant_db.session.add(row)
    tenant_db.session.flush()
    record("privacy.erasure_requested", "user", user.id)
    tenant_db.session.commit()
    return row


def waiting() -> list[tuple[ErasureRequest, User]]:
    rows = tenant_db.session.execute(
        select(ErasureRequest, User).join(User, User.id == ErasureRequest.user_id)
        .where(ErasureRequest.status == WAITING).order_by(ErasureRequest.requested_at))
    return [(request, user) for request, user in rows]


def decided(limit: int = 20) -> list[ErasureRequest]:
    return list(tenant_db.session.scalars(
        select(ErasureRequest).where(ErasureRequest.status != WAITING)
        .order_by(ErasureRequest.decided_at.desc()).limit(limit)))


def _platform_erase(user: User) -> ErasureReport:
    session = tenant_db.session
    session.execute(update(SurveyResponse).where(SurveyResponse.user_id == user.id).values(user_id=None))
    # NIK correction requests carry a NIK too; recovery codes belong to a two-factor that ends here.
    for model in (UserSession, AccountToken, Invitation, OidcIdentity, RecoveryCode, NikCorrection):
        session.execute(delete(model).where(model.user_id == user.id))
    user.name = ERASED_NAME
    # An account needs an email or a phone (ck_users_contact): an address that can never receive
    # mail (the reserved .invalid domain, RFC 2606) and names nobody.
    user.email, user.phone = f"dihapus-{user.id}@{ERASED_DOMAIN}", None
    user.email_verified_at = None
    user.nik_hash = user.nik_cipher = user.nik_masked = None
    user.password_hash = None
    user.totp_secret_cipher = None
    user.totp_enabled_at = None
    user.desa_code = user.kecamatan_code = None
    user.active = False
    user.session_version += 1
    return ErasureReport(
        erased=(_("Nama, email, nomor telepon, NIK dan desa pada akun; akun tidak dapat dipakai lagi."),
                _("Sesi masuk, tautan akun, kode pemulihan dan permintaan koreksi NIK."),
                _("Tautan penilaian survei ke akun (nilainya tetap dihitung tanpa nama).")),
        kept=(_("Catatan persetujuan privasi dan jejak audit, sebagai bukti pemrosesan yang sah."),))


def carry_out(request_id: int, by: User, note: str = "") -> ErasureRequest:
    """Erase (commits): every enabled module first, then the account."""
    row = _waiting_row(request_id)
    user = tenant_db.session.get(User, row.user_id)
    erased: list[str] = []
    kept: list[str] = []
    for manifest in current_app.extensions["kiblat_modules"]:
        if manifest.key in current_tenant.modules and manifest.erase_personal_data is not None:
            report: ErasureReport = manifest.hook("erase_personal_data")(user.id)
            erased += report.erased
            kept += report.kept
    platform = _platform_erase(user)
    row.report = {"erased": [*platform.erased, *erased], "kept": [*platform.kept, *kept]}
    row.status, row.decided_at, row.decided_by_user_id = DONE, datetime.now(UTC), by.id
    row.decision_note = (note or "").strip()[:REASON_MAX]
    record("privacy.erasure_done", "user", user.id)
    tenant_db.session.commit()
    return row


def refuse(request_id: int, by: User, note: str) -> ErasureRequest:
    """Refuse with a reason the citizen reads on their page (commits)."""
    note = (note or "").strip()
    if not note:
        raise ErasureError(_("Tulis alasan penolakan; warga akan membacanya."))
    row = _waiting_row(request_id)
    row.status, row.decided_at, row.decided_by_user_id = REFUSED, datetime.now(UTC), by.id
    row.decision_note = note[:REASON_MAX]
    record("privacy.erasure_refused", "user", row.user_id)
    tenant_db.session.commit()
    return row


def _waiting_row(request_id: int) -> ErasureRequest:
    row = tenant_db.session.get(ErasureRequest, request_id)
    if row is None or row.status != WAITING:
        raise ErasureError(_("Permintaan ini tidak ditemukan atau sudah diputuskan."))
    return row


def latest_for(user_id: int) -> ErasureRequest | None:
    return tenant_db.session.scalar(select(ErasureRequest).where(ErasureRequest.user_id == user_id)
                                    .order_by(ErasureRequest.id.desc()).limit(1))
