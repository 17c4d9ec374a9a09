"""Reports: the public channel (submit, come back with the receipt code, answer, add evidence)
and their routing. Content is sealed by ``vault`` before it reaches the session."""

from __future__ import annotations

import hmac
import io
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from kiblat.modules.mesra.models import EvidenceFile, Message, Report, School, StageLog
from kiblat.modules.mesra.services import notify, vault
from kiblat.modules.mesra.services.errors import MesraError
from kiblat.modules.mesra.services.labels import ACCUSED, FORMS
from kiblat.modules.mesra.services.settings import stage_deadline
from kiblat.platform.core.texts import _
from kiblat.platform.storage.files import tenant_storage
from kiblat.platform.uploads import DOCUMENT_KINDS, UploadError, check_upload
from kiblat.tenants.database import tenant_db

CONFLICTED = frozenset({"kepala_sekolah", "anggota_tppk"})
MAX_TEXT = 5000
# A hash compared for a code that matches nothing, so a miss costs what a hit costs.
_DUMMY = "0" * 64


def now() -> datetime:
    return datetime.now(UTC)


def new_receipt_code() -> str:
    return f"{secrets.randbelow(10**16):016d}"


def normalise_code(raw: str | None) -> str:
    return "".join(ch for ch in (raw or "") if ch.isdigit())


def route_for(accused: str, satgas_only: bool) -> tuple[str, str]:
    """(route, reason): a report about the principal or a TPPK member never reaches the TPPK."""
    if accused in CONFLICTED:
        return "satgas", "conflict"
    if satgas_only:
        return "satgas", "reporter"
    return "tppk", "default"


@dataclass(frozen=True)
class NewReport:
    school_id: int | None
    violence_form: str
    what: str
    when: str = ""
    who: str = ""
    accused: str = "lainnya"
    satgas_only: bool = False
    name: str = ""
    contact: str = ""
    relation: str = ""
    channel: str = "online"


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def _checked_file(upload: Upload | None, max_bytes: int):  # noqa: ANN202
    if upload is None:
        return None
    try:
        return check_upload(upload.data, upload.filename, kinds=DOCUMENT_KINDS, max_bytes=max_bytes,
                            label=_("Berkas bukti"))
    except UploadError as exc:
        raise MesraError(str(exc)) from None


def _store_file(report: Report, checked) -> None:  # noqa: ANN001
    sealed = vault.seal_bytes(checked.data)
    key = tenant_storage().save(io.BytesIO(sealed), "bukti.bin", folder="mesra")
    tenant_db.session.add(EvidenceFile(report_id=report.id, storage_key=key, media_type=checked.media_type,
                                       name_enc=vault.seal(checked.display_name), size=len(checked.data)))


def submit(new: NewReport, upload: Upload | None = None, max_bytes: int = 5 * 1024 * 1024,
           recorded_by: int | None = None) -> tuple[Report, str]:
    """Check, seal, store and route a report; returns it with its receipt code (shown once)."""
    school = tenant_db.session.get(School, new.school_id) if new.school_id else None
    if school is None:
        raise MesraError(_("Pilih sekolah dari daftar."))
    if new.violence_form not in FORMS:
        raise MesraError(_("Pilih bentuk kekerasan dari daftar."))
    if new.accused not in ACCUSED:
        raise MesraError(_("Pilih siapa terlapor dari daftar."))
    what = (new.what or "").strip()
    if len(what) < 10:
        raise MesraError(_("Ceritakan apa yang terjadi (paling sedikit 10 huruf)."))
    if any(len(v or "") > MAX_TEXT for v in (what, new.when, new.who, new.name, new.contact)):
        raise MesraError(_("Tulisan terlalu panjang (paling banyak %(n)s huruf).", n=MAX_TEXT))
    checked = _checked_file(upload, max_bytes)
    route, reason = route_for(new.accused, new.satgas_only)
    code = new_receipt_code()
    started = now()
    content = {"what": what, "when": (new.when or "").strip(), "who": (new.who or "").strip(),
               "accused": new.accused, "relation": (new.relation or "").strip()}
    identity = {"name": new.name.strip(), "contact": new.contact.strip()}
    report = Report(receipt_hash=vault.receipt_hash(code), school_id=school.id, violence_form=new.violence_form,
                    channel=new.channel, route=route, route_reason=reason, stage="received",
                    stage_started=started, stage_due=stage_deadline("received", started),
                    content_enc=vault.seal(json.dumps(content)),
                    identity_enc=vault.seal(json.dumps(identity)) if any(identity.values()) else None)
    tenant_db.session.add(report)
    tenant_db.session.flush()
    tenant_db.session.add(StageLog(report_id=report.id, stage="received", user_id=recorded_by))
    if checked is not None:
        _store_file(report, checked)
    tenant_db.session.commit()
    notify.case_waiting(report, new_report=True)
    return report, code


def by_code(raw: str | None) -> Report | None:
    """The report of a receipt code, or None. The lookup is by keyed hash on a unique index and
    the hashes are compared in constant time, so wrong codes reveal nothing through timing."""
    code = normalise_code(raw)
    candidate = vault.receipt_hash(code) if len(code) == 16 else vault.receipt_hash("x" * 16)
    report = tenant_db.session.scalar(select(Report).where(Report.receipt_hash == candidate))
    if not hmac.compare_digest(report.receipt_hash if report else _DUMMY, candidate) or len(code) != 16:
        return None
    if report.erased_at is not None:
        return None
    return report


def content_of(report: Report) -> dict:
    return json.loads(vault.open_text(report.content_enc)) if report.content_enc else {}


def identity_of(report: Report) -> dict:
    return json.loads(vault.open_text(report.identity_enc)) if report.identity_enc else {}


def thread(report: Report, include_notes: bool) -> list[tuple[Message, str]]:
    return [(m, vault.open_text(m.body_enc)) for m in report.messages if include_notes or m.author != "note"]


def files_of(report: Report) -> list[tuple[EvidenceFile, str]]:
    return [(f, vault.open_text(f.name_enc)) for f in report.files]


def file_content(report: Report, file_id: int) -> tuple[EvidenceFile, bytes, str] | None:
    found = next((f for f in report.files if f.id == file_id), None)
    if found is None:
        return None
    with tenant_storage().open(found.storage_key) as handle:
        data = vault.open_bytes(handle.read())
    return found, data, vault.open_text(found.name_enc)


def reporter_reply(report: Report, body: str, upload: Upload | None = None,
                   max_bytes: int = 5 * 1024 * 1024) -> None:
    """The reporter answers or adds evidence, with the receipt code."""
    if report.stage == "closed":
        raise MesraError(_("Laporan ini sudah selesai ditangani; pesan dan bukti tidak dapat ditambah lagi."))
    body = (body or "").strip()
    if not body and upload is None:
        raise MesraError(_("Tulis pesan atau pilih berkas."))
    if len(body) > MAX_TEXT:
        raise MesraError(_("Tulisan terlalu panjang (paling banyak %(n)s huruf).", n=MAX_TEXT))
    checked = _checked_file(upload, max_bytes)
    if body:
        tenant_db.session.add(Message(report_id=report.id, author="reporter", body_enc=vault.seal(body)))
    if checked is not None:
        _store_file(report, checked)
    report.updated_at = now()
    tenant_db.session.commit()
    notify.case_waiting(report, new_report=False)
