"""Approved request → provisioning spec → a background provisioning run → the handoff.

The new regency's admin is the applicant, with the applicant's password hash copied into
the tenant (written just before the provisioning ``users`` step, so no invitation to set a
password is sent): the applicant already chose that password and proved the email. Like
every admin, they must enrol two-factor sign-in at first sign-in.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from kiblat.platform.core.extensions import db
from kiblat.platform.identity.models import User
from kiblat.platform.identity.roles import ADMIN_ROLE
from kiblat.platform.jobs.registry import job_handler
from kiblat.platform.onboarding import files
from kiblat.platform.onboarding.errors import OnboardingError
from kiblat.platform.onboarding.models import OnboardingRequest
from kiblat.provisioning.jobs import provision
from kiblat.provisioning.run import (
    ProvisioningFailed,
    StepEvent,
    execute_run,
    run_progress,
)
from kiblat.provisioning.spec import SpecError
from kiblat.tenants.context import tenant_context
from kiblat.tenants.database import tenant_db
from kiblat.tenants.registry import tenant_registry


def build_spec(request: OnboardingRequest) -> dict:
    """The provisioning spec (provisioning/spec.py format) of an approved request."""
    data = request.data or {}
    branding = dict(data.get("branding") or {})
    if request.logo_key:
        branding["logo"] = str(files.absolute_path(request.logo_key))
    spec = {
        "region": request.region_code,
        "slug": request.slug,
        "branding": branding,
        "modules": list(data.get("modules") or []),
        "users": [{"name": request.applicant.name, "email": request.applicant.email, "role": ADMIN_ROLE}],
    }
    if data.get("template"):
        spec["template"] = data["template"]
    return spec


def start_provisioning(request: OnboardingRequest) -> str:
    """Validate the spec (nothing changes when it is refused) and queue the run."""

    def accepted(run_id: str) -> None:
        request.status, request.run_id, request.error = "provisioning", run_id, None
        db.session.commit()

    try:
        return provision(build_spec(request), kind="onboarding.provision", accepted=accepted, request_id=request.id)
    except SpecError as exc:
        db.session.rollback()
        raise OnboardingError("; ".join(str(e) for e in exc.errors), status=409) from None


def _admin_from_applicant(request: OnboardingRequest):  # noqa: ANN202
    def progress(event: StepEvent) -> None:
        if event.name != "users" or event.status != "running":
            return
        applicant = request.applicant
        with tenant_context(tenant_registry().by_slug(request.slug)):
            session = tenant_db.session
            user = session.scalar(select(User).where(User.email == applicant.email))
            if user is None:
                session.add(User(email=applicant.email, name=applicant.name, role_key=ADMIN_ROLE,
                                 password_hash=applicant.password_hash,
                                 email_verified_at=applicant.email_verified_at or datetime.now(UTC)))
                session.commit()

    return progress


@job_handler("onboarding.provision", lock="run_id")
def provision_job(payload: dict) -> None:
    request = db.session.get(OnboardingRequest, int(payload["request_id"]))
    if request is None or request.status not in ("provisioning", "failed"):
        return
    try:
        execute_run(payload["run_id"], progress=_admin_from_applicant(request))
    except ProvisioningFailed as exc:
        request = db.session.get(OnboardingRequest, int(payload["request_id"]))
        request.status, request.error = "failed", str(exc)
        db.session.commit()
        raise
    request = db.session.get(OnboardingRequest, int(payload["request_id"]))
    request.status, request.error = "active", None
    db.session.commit()


def progress_of(request: OnboardingRequest) -> dict:
    """What the status page shows: the request's status and its provisioning run's steps."""
    run = run_progress(request.run_id) if request.run_id else None
    steps = run["steps"] if run else []
    done = sum(1 for s in steps if s["status"] in ("done", "unchanged"))
    return {"status": request.status, "slug": request.slug, "steps": steps, "done": done, "total": len(steps),
            "error": request.error}
