"""Officers moving an application through its stages; every transition is recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask_babel import lazy_gettext as _l

from kiblat.modules.sri_deli.models import (
    APPROVED,
    AWAITING_PAYMENT,
    IN_PROCESS,
    REJECTED,
    REVISION,
    Application,
    ApplicationDocument,
    ApplicationEvent,
)
from kiblat.modules.sri_deli.services import notify, numbers, payments, uploads, validity
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.models import User
from kiblat.tenants.database import tenant_db

NOTE_MAX = 2000
ADMIN_PERMISSION = "sri_deli.manage"


class WorkflowError(ValueError):
    pass


def stage_opd(application: Application, stage: dict) -> str:
    """The OPD that works on ``stage`` (its own when the catalogue names one, else the type's)."""
    return (stage.get("opd") or application.opd_short_name).strip().upper()


def opd_matches(actor: User, application: Application) -> bool:
    """Whether the actor's OPD works on any stage of the application (and so may read it)."""
    opd = actor.opd
    if opd is None:
        return False
    involved = {application.opd_short_name.upper()} | {
        stage_opd(application, stage) for stage in application.permit_type.stages}
    return opd.short_name.strip().upper() in involved


def _authorize(application: Application, actor: User, permissions: frozenset[str], *,
               status: str = IN_PROCESS) -> dict:
    """The current stage, when ``actor`` may act on it now; WorkflowError otherwise."""
    if not opd_matches(actor, application):
        raise WorkflowError(str(_l("Permohonan ini ditangani OPD lain")))
    if application.status != status:
        raise WorkflowError(str(_l("Tindakan ini tidak dapat dilakukan pada status permohonan sekarang")))
    stage = application.permit_type.stages[application.stage_index]
    if stage_opd(application, stage) != actor.opd.short_name.strip().upper():
        raise WorkflowError(str(_l("Tahap ini ditangani OPD lain")))
    if stage["permission"] not in permissions:
        raise WorkflowError(str(_l("Anda tidak berwenang pada tahap ini")))
    return stage


def _event(application: Application, actor: User | None, action: str, stage_key: str, note: str,
           now: datetime, public: bool = True) -> None:
    tenant_db.session.add(ApplicationEvent(
        application_id=application.id, at=now, actor_user_id=actor.id if actor else None,
        actor_name=(actor.name if actor else application.applicant_name)[:120], action=action,
        stage_key=stage_key, note=note.strip()[:NOTE_MAX], public=public))


def _note(note: str, required: bool) -> str:
    note = (note or "").strip()
    if required and not note:
        raise WorkflowError(str(_l("Alasan wajib diisi")))
    if len(note) > NOTE_MAX:
        raise WorkflowError(str(_l("Catatan paling banyak 2000 karakter")))
    return note


def _finish(application: Application, audit_action: str, stage_key: str, note: str) -> Application:
    record(audit_action, "sri_deli_application", application.id, number=application.number,
           stage=stage_key, note=note[:200])
    tenant_db.session.commit()
    notify.application_changed(application)
    return application


def accept_stage(application: Application, actor: User, permissions: frozenset[str], expected_stage: str,
                 note: str = "", now: datetime | None = None) -> Application:
    """Finish the current stage (``expected_stage`` guards against a stale page); the last one approves."""
    now = now or datetime.now(UTC)
    stage = _authorize(application, actor, permissions)
    if stage["key"] != expected_stage:
        raise WorkflowError(str(_l("Tahap sudah berubah; muat ulang halaman")))
    note = _note(note, False)
    stages = application.permit_type.stages
    if application.stage_index + 1 < len(stages):
        application.stage_index += 1
        _event(application, actor, "accepted", stage["key"], note, now)
        return _finish(application, "sri_deli.accepted", stage["key"], note)
    application.decided_at = now
    application.decision_note = note
    _event(application, actor, "approved", stage["key"], note, now)
    if application.fee > 0:
        # A paid permit waits for its retribusi; the treasurer's confirmation issues it.
        application.status = AWAITING_PAYMENT
        bill = payments.create_bill(application, now)
        _event(application, actor, "billed", stage["key"], f"Kode bayar {bill.code}", now)
        return _finish(application, "sri_deli.billed", stage["key"], note)
    issue(application, now)
    return _finish(application, "sri_deli.approved", stage["key"], note)


def issue(application: Application, now: datetime) -> None:
    """The permit exists from now: its number, verification token and validity."""
    application.status = APPROVED
    application.certificate_number = application.number.replace("SD/", "IZ/", 1)
    application.verify_token = numbers.new_verify_token()
    days = validity.validity_days(application.permit_type, application.form_data)
    application.valid_until = now + timedelta(days=days) if days else None


def send_back(application: Application, actor: User, permissions: frozenset[str], reason: str,
              now: datetime | None = None) -> Application:
    """Back to the citizen for revision; the SLA clock stops until they resubmit."""
    now = now or datetime.now(UTC)
    stage = _authorize(application, actor, permissions)
    reason = _note(reason, True)
    application.status = REVISION
    application.paused_at = now
    _event(application, actor, "revision", stage["key"], reason, now)
    return _finish(application, "sri_deli.revision", stage["key"], reason)


def _replace_documents(application: Application, files: dict[str, tuple[str, bytes]], now: datetime) -> None:
    """Check every replacement first; store them only when all are acceptable."""
    documents = {doc["key"]: doc for doc in application.permit_type.documents}
    labels = {key: doc["label"] for key, doc in documents.items()}
    checked = {}
    for key, (filename, data) in files.items():
        if key in labels and data:
            try:
                checked[key] = uploads.check(labels[key], filename, data, documents.get(key))
            except uploads.UploadError as exc:
                raise WorkflowError(str(exc)) from None
    for key, item in checked.items():
        document = next((d for d in application.documents if d.doc_key == key), None)
        if document is None:
            document = ApplicationDocument(application_id=application.id, doc_key=key)
            application.documents.append(document)
        document.filename, document.content_type, document.size = item.display_name, item.media_type, item.size
        document.storage_key = uploads.store(item, f"sri_deli/{application.id}")
        document.uploaded_at = now


def resubmit(application: Application, note: str = "", now: datetime | None = None,
             actor: User | None = None, files: dict[str, tuple[str, bytes]] | None = None) -> Application:
    """The citizen answered the revision request (optionally with replaced documents): the
    clock runs again, at the same stage."""
    now = now or datetime.now(UTC)
    if application.status != REVISION or application.paused_at is None:
        raise WorkflowError(str(_l("Permohonan ini tidak sedang menunggu perbaikan")))
    if files:
        _replace_documents(application, files, now)
    start = application.paused_at if application.paused_at.tzinfo else application.paused_at.replace(tzinfo=UTC)
    application.pauses = [*application.pauses, [start.isoformat(), now.isoformat()]]
    application.paused_at = None
    application.status = IN_PROCESS
    stage = application.permit_type.stages[application.stage_index]
    _event(application, actor, "resubmitted", stage["key"], _note(note, False), now)
    tenant_db.session.commit()
    notify.application_changed(application)
    return application


def survey_note(application: Application, actor: User, permissions: frozenset[str], note: str,
                now: datetime | None = None) -> Application:
    now = now or datetime.now(UTC)
    if not opd_matches(actor, application):
        raise WorkflowError(str(_l("Permohonan ini ditangani OPD lain")))
    if "sri_deli.inspect" not in permissions:
        raise WorkflowError(str(_l("Anda tidak berwenang mencatat hasil peninjauan")))
    if application.status not in (IN_PROCESS, REVISION):
        raise WorkflowError(str(_l("Permohonan sudah diputus")))
    note = _note(note, True)
    stage = application.permit_type.stages[application.stage_index]
    _event(application, actor, "survey", stage["key"], note, now, public=False)
    record("sri_deli.survey", "sri_deli_application", application.id, number=application.number)
    tenant_db.session.commit()
    return application


def reject(application: Application, actor: User, permissions: frozenset[str], reason: str,
           now: datetime | None = None) -> Application:
    now = now or datetime.now(UTC)
    stage = _authorize(application, actor, permissions)
    reason = _note(reason, True)
    application.status = REJECTED
    application.decided_at = now
    application.decision_note = reason
    _event(application, actor, "rejected", stage["key"], reason, now)
    return _finish(application, "sri_deli.rejected", stage["key"], reason)


def revoke(application: Application, actor: User, permissions: frozenset[str], reason: str,
           now: datetime | None = None) -> Application:
    now = now or datetime.now(UTC)
    if not opd_matches(actor, application) or "sri_deli.approve" not in permissions:
        raise WorkflowError(str(_l("Anda tidak berwenang mencabut izin ini")))
    if application.status != APPROVED or application.revoked_at is not None:
        raise WorkflowError(str(_l("Hanya izin yang berlaku yang dapat dicabut")))
    reason = _note(reason, True)
    application.revoked_at = now
    application.revoke_reason = reason
    _event(application, actor, "revoked", "", reason, now)
    return _finish(application, "sri_deli.revoked", "", reason)


def confirm_payment(bill, actor: User, permissions: frozenset[str], amount: int | None, paid_on,  # noqa: ANN001
                    reference: str, now: datetime | None = None):  # noqa: ANN201
    """The treasurer (bendahara penerimaan) confirms a retribusi payment; the permit is issued."""
    now = now or datetime.now(UTC)
    if "sri_deli.payment" not in permissions:
        raise WorkflowError(str(_l("Hanya bendahara penerimaan yang dapat mengonfirmasi pembayaran")))
    try:
        payments.confirm(bill, actor, amount, paid_on, reference, issue, now=now)
    except payments.PaymentError as exc:
        raise WorkflowError(str(exc)) from None
    record("sri_deli.paid", "sri_deli_bill", bill.id, code=bill.code, amount=bill.amount,
           reference=bill.reference, number=bill.application.number)
    tenant_db.session.commit()
    notify.application_changed(bill.application)
    return bill


def confirm_online_payment(bill, reference: str, now: datetime | None = None) -> bool:  # noqa: ANN001
    """Stripe reported the retribusi paid (the webhook checked signature, regency and amount):
    the bill is paid and the permit issued. Commits; False for a repeated event."""
    now = now or datetime.now(UTC)
    try:
        changed = payments.confirm_online(bill, reference, issue, now=now)
    except payments.PaymentError as exc:
        raise WorkflowError(str(exc)) from None
    if not changed:
        return False
    record("sri_deli.paid_online", "sri_deli_bill", bill.id, code=bill.code, amount=bill.amount,
           reference=bill.reference, number=bill.application.number)
    tenant_db.session.commit()
    notify.application_changed(bill.application)
    return True


def expire_bills(now: datetime | None = None) -> int:
    """Close the applications whose retribusi was not paid in time, and tell the applicants."""
    closed = payments.expire_overdue(now)
    for application in closed:
        record("sri_deli.bill_expired", "sri_deli_application", application.id, number=application.number)
    tenant_db.session.commit()
    for application in closed:
        notify.application_changed(application)
    return len(closed)
