"""Submitting a request, the auto-approval setting, staff approval and rejection."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from kiblat.platform.core.extensions import db
from kiblat.platform.core.texts import _
from kiblat.platform.identity.staff.models import StaffActionLog, StaffUser
from kiblat.platform.onboarding import domains, mailer, wizard
from kiblat.platform.onboarding.errors import OnboardingError, StepOrderError
from kiblat.platform.onboarding.jobs import start_provisioning
from kiblat.platform.onboarding.models import Applicant, OnboardingRequest, OnboardingSetting

AUTO_APPROVE = "auto_approve"
REASON_MIN, REASON_MAX = 10, 2000


def auto_approve_enabled() -> bool:
    """Staff setting; on unless staff turned it off."""
    row = db.session.get(OnboardingSetting, AUTO_APPROVE)
    return row is None or row.value == "on"


def set_auto_approve(staff: StaffUser, enabled: bool) -> None:
    row = db.session.get(OnboardingSetting, AUTO_APPROVE) or OnboardingSetting(key=AUTO_APPROVE)
    row.value = "on" if enabled else "off"
    db.session.add(row)
    db.session.add(StaffActionLog(staff_id=staff.id, action="onboarding.auto_approve", object_type="setting",
                                  object_id=AUTO_APPROVE, details={"enabled": enabled}))
    db.session.commit()


def submit(applicant: Applicant, request: OnboardingRequest) -> OnboardingRequest:
    """Every step done and still valid → review, or straight to provisioning when allowed."""
    if not applicant.verified:
        raise StepOrderError(_("Pastikan alamat email Anda lewat tautan yang kami kirim terlebih dahulu."))
    if request.status not in ("draft", "rejected"):
        raise StepOrderError(_("Permohonan sudah dikirim."))
    missing = wizard.next_step(request)
    if missing is not None:
        raise StepOrderError(_("Selesaikan langkah sebelumnya terlebih dahulu (%(step)s).", step=missing))
    # Someone may have taken the region or the address since the steps were saved.
    wizard.check_region_free(request, request.region_code)
    wizard.check_slug(request, request.slug)
    request.status, request.submitted_at, request.review_reason = "review", datetime.now(UTC), None
    db.session.commit()
    # Only an address on a domain staff recorded for this very region proves the claim by itself:
    # budi@karokab.go.id asking for Kota Medan waits for a person.
    if (request.proof == "official" and wizard.official_proof_available(applicant, request.region_code) and auto_approve_enabled()
            and domains.is_official_for(applicant.email, request.region_code)):
        approve(request, staff=None)
    return request


def pending_requests() -> list[OnboardingRequest]:
    return list(db.session.scalars(select(OnboardingRequest).where(OnboardingRequest.status == "review")
                                   .order_by(OnboardingRequest.submitted_at)))


def recent_requests(limit: int = 50) -> list[OnboardingRequest]:
    return list(db.session.scalars(select(OnboardingRequest).where(OnboardingRequest.status != "draft")
                                   .order_by(OnboardingRequest.updated_at.desc()).limit(limit)))


def _reviewable(request: OnboardingRequest) -> None:
    if request.status != "review":
        raise OnboardingError(_("Permohonan ini tidak sedang menunggu peninjauan."), status=409)


def approve(request: OnboardingRequest, staff: StaffUser | None) -> str:
    """Approve (staff, or automatically when ``staff`` is None) and start provisioning."""
    _reviewable(request)
    run_id = start_provisioning(request)
    request.reviewed_by = staff.id if staff else None
    request.auto_approved = staff is None
    request.reviewed_at = datetime.now(UTC)
    if staff is not None:
        db.session.add(StaffActionLog(staff_id=staff.id, action="onboarding.approve", object_type="onboarding",
                                      object_id=str(request.id), details={"region": request.region_code,
                                                                          "slug": request.slug}))
    db.session.commit()
    mailer.send_decision(request.applicant, request.id, True, None)
    return run_id


def reject(request: OnboardingRequest, staff: StaffUser, reason: str) -> None:
    """Refuse with a reason; the applicant is emailed and may correct and resubmit."""
    _reviewable(request)
    reason = " ".join((reason or "").split())
    if not REASON_MIN <= len(reason) <= REASON_MAX:
        raise OnboardingError(_("Alasan penolakan %(min)s–%(max)s karakter.", min=REASON_MIN, max=REASON_MAX),
                              "reason")
    request.status, request.review_reason = "rejected", reason
    request.reviewed_by, request.reviewed_at = staff.id, datetime.now(UTC)
    db.session.add(StaffActionLog(staff_id=staff.id, action="onboarding.reject", object_type="onboarding",
                                  object_id=str(request.id), details={"reason": reason}))
    db.session.commit()
    mailer.send_decision(request.applicant, request.id, False, reason)
