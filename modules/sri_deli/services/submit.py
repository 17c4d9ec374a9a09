"""Submitting an application: validate everything first, then store it in one commit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kiblat.modules.sri_deli.models import Application, ApplicationDocument, ApplicationEvent
from kiblat.modules.sri_deli.services import catalogue, notify, numbers, uploads
from kiblat.platform.identity.models import User
from kiblat.platform.identity.nik import NikError, parse_nik, protect
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa

NIB_RE = re.compile(r"^\d{13}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
KEY_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class SubmitError(ValueError):
    """Carries every problem at once, so the citizen fixes the form in one go."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class Applicant:
    kind: str  # perorangan | badan_usaha
    name: str
    nik: str = ""
    nib: str = ""
    email: str = ""
    desa_code: str = ""
    address: str = ""


@dataclass
class Submission:
    application: Application
    tracking_code: str | None  # None when the same submission had already been received
    replayed: bool = False
    warnings: list[str] = field(default_factory=list)


def _check_applicant(applicant: Applicant, errors: list[str]) -> tuple[str | None, str | None, str | None]:
    if applicant.kind not in ("perorangan", "badan_usaha"):
        errors.append("Pilih jenis pemohon: perorangan atau badan usaha")
    if not applicant.name.strip():
        errors.append("Nama pemohon wajib diisi")
    nik_hash = nik_masked = nib = None
    if applicant.kind == "perorangan" or applicant.nik.strip():
        try:
            nik_hash, _cipher, nik_masked = protect(parse_nik(applicant.nik).nik)
        except NikError as exc:
            errors.append(str(exc).rstrip("."))
    if applicant.kind == "badan_usaha":
        nib = re.sub(r"\s", "", applicant.nib)
        if not NIB_RE.match(nib):
            errors.append("NIB harus 13 angka")
    if applicant.email.strip() and not EMAIL_RE.match(applicant.email.strip()):
        errors.append("Alamat email tidak valid")
    if not applicant.address.strip():
        errors.append("Alamat wajib diisi")
    if not applicant.desa_code or tenant_db.session.get(Desa, applicant.desa_code) is None:
        errors.append("Pilih desa/kelurahan di wilayah ini")
    return nik_hash, nik_masked, nib


def submit(type_key: str, applicant: Applicant, raw_fields: dict[str, str],
           files: dict[str, tuple[str, bytes]], idempotency_key: str, *,
           user: User | None = None, filed_by: User | None = None,
           now: datetime | None = None) -> Submission:
    session = tenant_db.session
    if not KEY_RE.match(idempotency_key or ""):
        raise SubmitError(["Formulir kedaluwarsa; muat ulang halaman lalu kirim kembali"])
    existing = session.scalar(select(Application).where(Application.idempotency_key == idempotency_key))
    if existing is not None:
        return Submission(existing, None, replayed=True)
    permit_type = catalogue.get_type(type_key)
    if permit_type is None:
        raise SubmitError(["Jenis izin tidak dikenal"])
    errors: list[str] = []
    nik_hash, nik_masked, nib = _check_applicant(applicant, errors)
    values, field_errors = catalogue.parse_fields(permit_type, raw_fields)
    errors += field_errors
    checked: dict[str, uploads.CheckedUpload] = {}
    for doc in permit_type.documents:
        filename, data = files.get(doc["key"], ("", b""))
        if not data:
            if doc.get("required", True):
                errors.append(f"Dokumen wajib belum diunggah: {doc['label']}")
            continue
        try:
            checked[doc["key"]] = uploads.check(doc["label"], filename, data, doc)
        except uploads.UploadError as exc:
            errors.append(str(exc))
    fee = 0
    if not field_errors:
        fee, fee_errors = catalogue.simulate_fee(permit_type, raw_fields)
        errors += fee_errors
    if errors:
        raise SubmitError(errors)
    now = now or datetime.now(UTC)
    code = numbers.new_tracking_code()
    application = Application(
        number=numbers.registration_number(permit_type.key, now), tracking_hash=numbers.hash_code(code),
        idempotency_key=idempotency_key, permit_type=permit_type, opd_short_name=permit_type.opd_short_name,
        applicant_kind=applicant.kind, applicant_name=applicant.name.strip()[:200],
        nik_hash=nik_hash, nik_masked=nik_masked, nib=nib, email=applicant.email.strip().lower() or None,
        desa_code=applicant.desa_code, address=applicant.address.strip()[:300], form_data=values, fee=fee or 0,
        user_id=user.id if user else None, filed_by_user_id=filed_by.id if filed_by else None,
        submitted_at=now, pauses=[],
    )
    session.add(application)
    session.flush()
    for key, item in checked.items():
        session.add(ApplicationDocument(
            application_id=application.id, doc_key=key, filename=item.display_name,
            storage_key=uploads.store(item, f"sri_deli/{application.id}"), content_type=item.media_type,
            size=item.size, uploaded_at=now))
    actor = filed_by or user
    note = f"Diajukan oleh operator desa atas nama {application.applicant_name}" if filed_by else ""
    session.add(ApplicationEvent(application_id=application.id, at=now, action="submitted",
                                 actor_user_id=actor.id if actor else None,
                                 actor_name=actor.name if actor else application.applicant_name,
                                 stage_key=permit_type.stages[0]["key"], note=note))
    try:
        session.commit()
    except IntegrityError:  # the same form sent twice at the same moment
        session.rollback()
        existing = session.scalar(select(Application).where(Application.idempotency_key == idempotency_key))
        if existing is None:
            raise
        return Submission(existing, None, replayed=True)
    notify.application_changed(application, tracking_code=code)
    return Submission(application, code)
