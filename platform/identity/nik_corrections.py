"""A citizen asks to correct the NIK on their account (a typing error at sign-up); the regency
admin compares the old and new numbers with the KTP and approves or rejects. Both steps are
audited with masked numbers only. The new NIK is checked like one typed at sign-up, and may not
belong to another account.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from kiblat.platform.core.texts import _
from kiblat.platform.identity import nik as nik_rules
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.models import NikCorrection, User
from kiblat.platform.identity.registration import known_kecamatan
from kiblat.tenants.database import tenant_db

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
REASON_MAX = 500


class CorrectionError(ValueError):
    """Input the person must correct; the message is shown as it is."""


def pending_of(user: User) -> NikCorrection | None:
    return tenant_db.session.scalar(
        select(NikCorrection).where(NikCorrection.user_id == user.id, NikCorrection.status == PENDING))


def latest_of(user: User) -> NikCorrection | None:
    return tenant_db.session.scalar(select(NikCorrection).where(NikCorrection.user_id == user.id)
                                    .order_by(NikCorrection.id.desc()).limit(1))


def _taken_by_other(nik_hash: str, user_id: int) -> bool:
    return tenant_db.session.scalar(
        select(User.id).where(User.nik_hash == nik_hash, User.id != user_id)) is not None


def request_correction(user: User, new_nik: str, reason: str) -> tuple[NikCorrection, list[str]]:
    """File a request (one open request at a time); returns it and any warnings. Commits."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise CorrectionError(_("Tuliskan alasan koreksi, mis. salah ketik satu angka saat mendaftar."))
    if len(reason) > REASON_MAX:
        raise CorrectionError(_("Alasan paling banyak %(count)s karakter.", count=REASON_MAX))
    if pending_of(user) is not None:
        raise CorrectionError(_("Permintaan koreksi NIK Anda masih menunggu pemeriksaan admin."))
    try:
        checked = nik_rules.parse_nik(new_nik, known_kecamatan())
    except nik_rules.NikError as exc:
        raise CorrectionError(str(exc)) from None
    digest, cipher, masked = nik_rules.protect(checked.nik)
    if digest == user.nik_hash:
        raise CorrectionError(_("NIK ini sama dengan NIK yang sudah tercatat di akun Anda."))
    if _taken_by_other(digest, user.id):
        raise CorrectionError(_("NIK ini sudah dipakai akun lain. Datangi kantor layanan dengan KTP Anda."))
    correction = NikCorrection(user_id=user.id, old_masked=user.nik_masked, new_nik_hash=digest,
                               new_nik_cipher=cipher, new_masked=masked, reason=reason, status=PENDING,
                               decision_note="")
    tenant_db.session.add(correction)
    tenant_db.session.flush()
    record("account.nik_correction.request", "nik_correction", correction.id,
           old=user.nik_masked, new=masked)
    tenant_db.session.commit()
    return correction, list(checked.warnings)


def open_requests() -> list[NikCorrection]:
    return list(tenant_db.session.scalars(
        select(NikCorrection).where(NikCorrection.status == PENDING).order_by(NikCorrection.created_at)))


def numbers_for_review(correction: NikCorrection) -> tuple[str | None, str | None]:
    """The old and new NIK in full, for the admin holding the KTP (the lawful read)."""
    old = nik_rules.reveal(correction.user.nik_cipher) if correction.user.nik_cipher else None
    return old, nik_rules.reveal(correction.new_nik_cipher)


def decide(correction: NikCorrection, approve: bool, note: str, admin: User) -> None:
    """Approve (the account takes the new NIK) or reject (with a note the citizen reads). Commits."""
    if correction.status != PENDING:
        raise CorrectionError(_("Permintaan ini sudah diputuskan."))
    note = " ".join((note or "").split())[:REASON_MAX]
    if not approve and not note:
        raise CorrectionError(_("Tuliskan alasan penolakan; warga membacanya di halaman akun."))
    user = correction.user
    if approve:
        if _taken_by_other(correction.new_nik_hash, user.id):
            raise CorrectionError(_("NIK baru sudah dipakai akun lain; permintaan ini tidak dapat disetujui."))
        user.nik_hash, user.nik_cipher, user.nik_masked = (
            correction.new_nik_hash, correction.new_nik_cipher, correction.new_masked)
    correction.status = APPROVED if approve else REJECTED
    correction.decision_note = note
    correction.decided_by_user_id = admin.id
    correction.decided_at = datetime.now(UTC)
    record("users.nik_correction.approve" if approve else "users.nik_correction.reject", "user", user.id,
           old=correction.old_masked, new=correction.new_masked, note=note)
    tenant_db.session.commit()
