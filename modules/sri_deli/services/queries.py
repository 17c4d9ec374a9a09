"""Reading applications: SLA status, officer queues, the citizen's own, public tracking."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import and_, func, or_, select, true

from kiblat.modules.sri_deli.models import (
    APPROVED,
    IN_PROCESS,
    OPEN_STATUSES,
    Application,
    ApplicationEvent,
    PermitType,
)
from kiblat.modules.sri_deli.services import numbers, settings, sla
from kiblat.modules.sri_deli.services.holidays import holiday_set
from kiblat.modules.sri_deli.services.workflow import opd_matches
from kiblat.platform.core.times import as_utc
from kiblat.platform.identity.models import User
from kiblat.platform.modular.manifest import AssistedCount
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


def aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return as_utc(moment)


@dataclass(frozen=True)
class SlaStatus:
    due: date
    remaining: int  # working days; negative when late
    paused: bool

    @property
    def late(self) -> bool:
        return self.remaining < 0


def pauses_of(application: Application, now: datetime) -> list[tuple[datetime, datetime]]:
    pauses = [(datetime.fromisoformat(a), datetime.fromisoformat(b)) for a, b in application.pauses or []]
    if application.paused_at is not None:
        pauses.append((aware(application.paused_at), now))
    return pauses


def sla_status(application: Application, now: datetime | None = None,
               holidays: frozenset[date] | None = None) -> SlaStatus:
    now = now or datetime.now(UTC)
    end = aware(application.decided_at) or now
    holidays = holiday_set() if holidays is None else holidays
    pauses = pauses_of(application, end)
    tz = current_tenant.time_zone
    submitted = aware(application.submitted_at)
    return SlaStatus(
        due=sla.due_date(submitted, application.permit_type.sla_days, pauses, tz, holidays),
        remaining=sla.remaining_working_days(submitted, application.permit_type.sla_days, end, pauses, tz,
                                             holidays),
        paused=application.paused_at is not None,
    )


def officer_queue(actor: User, permissions: frozenset[str], *, everything: bool = False) -> list[Application]:
    """Open items of the officer's OPD at a stage whose permission they hold, oldest first:
    at most the regency's ``queue_size``, or all of them (the digest counts them)."""
    if actor.opd is None:
        return []
    opd = actor.opd.short_name.strip().upper()
    # A stage the catalogue gives its own OPD is that OPD's; any other, the type's OPD's.
    allowed = [and_(Application.permit_type_id == permit_type.id, Application.stage_index == index,
                    Application.opd_short_name == opd if not stage.get("opd") else true())
               for permit_type in tenant_db.session.scalars(select(PermitType))
               for index, stage in enumerate(permit_type.stages)
               if stage["permission"] in permissions and (stage.get("opd") or opd).strip().upper() == opd]
    if not allowed:
        return []
    query = (select(Application)
             .where(Application.status == IN_PROCESS, or_(*allowed))
             .order_by(Application.submitted_at))
    return list(tenant_db.session.scalars(query if everything else query.limit(settings.queue_size())))


def get_for_officer(application_id: int, actor: User) -> Application | None:
    application = tenant_db.session.get(Application, application_id)
    if application is None or not opd_matches(actor, application):
        return None
    return application


def citizen_applications(user: User) -> list[Application]:
    return list(tenant_db.session.scalars(
        select(Application).where((Application.user_id == user.id) | (Application.filed_by_user_id == user.id))
        .order_by(Application.submitted_at.desc()).limit(100)))


def get_for_citizen(application_id: int, user: User) -> Application | None:
    application = tenant_db.session.get(Application, application_id)
    if application is None or user.id not in (application.user_id, application.filed_by_user_id):
        return None
    return application


def track(number: str, code: str) -> Application | None:
    """The application when both the number and its code match; None otherwise (no hint which)."""
    # Numbers are written in capitals; a number typed in lower case is the same number.
    application = tenant_db.session.scalar(select(Application).where(Application.number == number.strip().upper()))
    if application is None:
        numbers.code_matches(code, "0" * 64)  # same work either way
        return None
    return application if numbers.code_matches(code, application.tracking_hash) else None


def public_events(application: Application) -> list[ApplicationEvent]:
    return [e for e in application.events if e.public]


def tracking_view(application: Application) -> dict:
    """What the public tracking page and API show: nothing personal."""
    state = sla_status(application)
    stage = application.stage
    stage_labels = {s["key"]: s["label"] for s in application.permit_type.stages}
    return {
        "number": application.number,
        "permit": application.permit_type.name,
        "status": application.status,
        "stage": stage["label"] if stage else None,
        "submitted_at": aware(application.submitted_at).isoformat(),
        "due_date": state.due.isoformat(),
        "sla_remaining_working_days": state.remaining if application.status in OPEN_STATUSES else None,
        "paused": state.paused,
        "fee": application.fee,
        "history": [{"at": aware(e.at).isoformat(), "action": e.action, "stage": e.stage_key,
                     "stage_label": stage_labels.get(e.stage_key or "", ""),
                     "note": e.note if e.action in ("revision", "rejected") else ""}
                    for e in public_events(application)],
        "certificate_ready": application.status == APPROVED and application.revoked_at is None,
    }


def tracking_moments(application: Application) -> dict:
    """The dates of ``tracking_view`` as date and datetime values, for the page to show in the
    regency's time zone (the view itself keeps ISO text for the API)."""
    return {"submitted_at": aware(application.submitted_at), "due_date": sla_status(application).due,
            "history": [aware(e.at) for e in public_events(application)]}


def form_values(application: Application) -> list[tuple[dict, object]]:
    """Each field of the permit type with the applicant's value; dates (kept as ISO text) as
    ``date`` values so a page writes them for people."""
    values = []
    for field in application.permit_type.fields:
        value = application.form_data.get(field["key"])
        if field.get("type") == "date" and value:
            with suppress(ValueError):
                value = date.fromisoformat(value)
        values.append((field, value))
    return values


def by_verify_token(token: str) -> Application | None:
    if not token or len(token) > 64:
        return None
    return tenant_db.session.scalar(select(Application).where(Application.verify_token == token))


def certificate_state(application: Application, now: datetime | None = None) -> str:
    """valid | revoked | expired."""
    now = now or datetime.now(UTC)
    if application.revoked_at is not None:
        return "revoked"
    until = aware(application.valid_until)
    if until is not None and until < now:
        return "expired"
    return "valid"


def assisted_counts() -> list[AssistedCount]:
    """Applications village operators filed for citizens, per operator and desa (the manifest's
    ``assisted_services``)."""
    rows = tenant_db.session.execute(
        select(Application.filed_by_user_id, Application.desa_code, func.count())
        .where(Application.filed_by_user_id.is_not(None))
        .group_by(Application.filed_by_user_id, Application.desa_code))
    return [AssistedCount(user_id, desa_code, count) for user_id, desa_code, count in rows]
