"""Case handling by the school's TPPK and the regency's Satgas PPKSP.

Who may read a case is decided by membership, not by permissions alone: the handler must hold
``mesra.handle`` through their *own* roles (the regency admin's blanket grant does not count),
be linked to an account in the school's TPPK (for reports routed to the TPPK) or in the active
Satgas roster, and not be platform staff impersonating someone. Every opening is audited;
every refusal too."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import session
from sqlalchemy import delete, select

from kiblat.modules.mesra.models import (
    IdentityRequest,
    Message,
    Report,
    SatgasMember,
    StageLog,
    TppkMember,
)
from kiblat.modules.mesra.services import notify, vault
from kiblat.modules.mesra.services.errors import MesraError
from kiblat.modules.mesra.services.labels import RECOVERY, SANCTIONS
from kiblat.modules.mesra.services.reports import MAX_TEXT, now
from kiblat.modules.mesra.services.settings import STAGE_ORDER, retention_days, stage_deadline
from kiblat.platform.core.texts import _
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.models import User
from kiblat.platform.identity.roles import ADMIN_ROLE, permissions_for
from kiblat.platform.storage.files import tenant_storage
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


class CaseForbidden(Exception):  # noqa: N818
    pass


@dataclass(frozen=True)
class Handler:
    user_id: int
    satgas: bool
    school_ids: frozenset[int]

    @property
    def any(self) -> bool:
        return self.satgas or bool(self.school_ids)


def handler_for(user: User | None) -> Handler | None:
    if user is None or session.get("impersonation"):
        return None
    own = permissions_for(user.role_keys - {ADMIN_ROLE}, current_tenant)
    if "mesra.handle" not in own:
        return None
    satgas = tenant_db.session.scalar(select(SatgasMember.id).where(
        SatgasMember.user_id == user.id, SatgasMember.active.is_(True))) is not None
    schools = frozenset(tenant_db.session.scalars(select(TppkMember.school_id).where(TppkMember.user_id == user.id)))
    handler = Handler(user.id, satgas, schools)
    return handler if handler.any else None


def may_read(handler: Handler, report: Report) -> bool:
    return handler.satgas or (report.route == "tppk" and report.school_id in handler.school_ids)


def may_act(handler: Handler, report: Report) -> bool:
    """TPPK acts while the case is routed to it; the Satgas always may."""
    return may_read(handler, report)


def visible_cases(handler: Handler) -> list[Report]:
    query = select(Report).where(Report.erased_at.is_(None)).order_by(Report.stage_due)
    if not handler.satgas:
        query = query.where(Report.route == "tppk", Report.school_id.in_(handler.school_ids))
    return list(tenant_db.session.scalars(query))


def overdue(handler: Handler, at: datetime | None = None) -> list[Report]:
    at = at or now()
    return [r for r in visible_cases(handler) if r.stage != "closed" and _aware(r.stage_due) < at]


def due_soon(at: datetime | None = None, within: timedelta = timedelta(days=1)) -> list[Report]:
    """Open cases whose stage ends within ``within`` or has already ended."""
    at = at or now()
    return [r for r in tenant_db.session.scalars(select(Report).where(
        Report.stage != "closed", Report.erased_at.is_(None))) if _aware(r.stage_due) <= at + within]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=now().tzinfo)


def open_case(handler: Handler | None, report_id: int) -> Report:
    """The case for reading, audited; CaseForbidden (audited, committed) otherwise."""
    report = tenant_db.session.get(Report, report_id)
    if report is None or report.erased_at is not None:
        raise LookupError(report_id)
    if handler is None or not may_read(handler, report):
        record("mesra.case_refused", "mesra_report", report.id)
        tenant_db.session.commit()
        raise CaseForbidden(report_id)
    record("mesra.case_opened", "mesra_report", report.id)
    tenant_db.session.commit()
    return report


def time_left(report: Report, at: datetime | None = None) -> timedelta:
    return _aware(report.stage_due) - (at or now())


def _editable(report: Report) -> None:
    if report.stage == "closed":
        raise MesraError(_("Kasus sudah ditutup dan tidak dapat diubah."))


def ask(handler: Handler, report: Report, body: str, internal: bool = False) -> None:
    _editable(report)
    body = (body or "").strip()
    if not body or len(body) > MAX_TEXT:
        raise MesraError(_("Tulis pesan (paling banyak %(n)s huruf).", n=MAX_TEXT))
    tenant_db.session.add(Message(report_id=report.id, author="note" if internal else "handler",
                                  author_user_id=handler.user_id, body_enc=vault.seal(body)))
    report.updated_at = now()
    record("mesra.case_message", "mesra_report", report.id)
    tenant_db.session.commit()


def _enter(report: Report, stage: str, user_id: int) -> None:
    started = now()
    report.stage, report.stage_started, report.updated_at = stage, started, started
    if stage != "closed":
        report.stage_due = stage_deadline(stage, started)
    tenant_db.session.add(StageLog(report_id=report.id, stage=stage, user_id=user_id))


def advance(handler: Handler, report: Report) -> str:
    """Move the case to its next stage (closing goes through :func:`close`)."""
    _editable(report)
    following = STAGE_ORDER[STAGE_ORDER.index(report.stage) + 1]
    if following == "closed":
        raise MesraError(_("Tutup kasus dengan tindakan pemulihan dan rekomendasi sanksi."))
    _enter(report, following, handler.user_id)
    record("mesra.case_stage", "mesra_report", report.id, stage=following)
    tenant_db.session.commit()
    return following


def escalate(handler: Handler, report: Report) -> None:
    """TPPK hands the case to the Satgas; from then on only the Satgas reads it."""
    _editable(report)
    if report.route == "satgas":
        raise MesraError(_("Kasus ini sudah ditangani Satgas."))
    report.route, report.route_reason, report.updated_at = "satgas", "escalated", now()
    record("mesra.case_escalated", "mesra_report", report.id)
    tenant_db.session.commit()
    notify.case_waiting(report, new_report=True)


def close(handler: Handler, report: Report, recovery: str, sanction: str, note: str) -> None:
    _editable(report)
    if recovery not in RECOVERY or sanction not in SANCTIONS:
        raise MesraError(_("Pilih tindakan pemulihan dan rekomendasi sanksi dari daftar."))
    if report.violence_form == "seksual" and recovery == "tidak_ada":
        raise MesraError(_("Kekerasan seksual wajib dirujuk ke UPTD PPA atau layanan lain; pilih rujukannya."))
    if len(note or "") > MAX_TEXT:
        raise MesraError(_("Tulisan terlalu panjang (paling banyak %(n)s huruf).", n=MAX_TEXT))
    report.recovery_action, report.sanction = recovery, sanction
    report.closing_enc = vault.seal(json.dumps({"note": (note or "").strip()}))
    report.closed_at = now()
    _enter(report, "closed", handler.user_id)
    record("mesra.case_closed", "mesra_report", report.id)
    tenant_db.session.commit()


def erase_expired(at: datetime | None = None) -> int:
    """Erase the content of cases closed longer ago than the retention period; the row keeps
    only what the anonymous counts need (school, form, stage, dates)."""
    limit = (at or now()) - timedelta(days=retention_days())
    erased = 0
    for report in tenant_db.session.scalars(select(Report).where(
            Report.closed_at.is_not(None), Report.erased_at.is_(None))):
        if _aware(report.closed_at) > limit:
            continue
        for item in report.files:
            tenant_storage().delete(item.storage_key)
        report.files.clear()
        report.messages.clear()
        report.content_enc = report.identity_enc = report.closing_enc = None
        tenant_db.session.execute(delete(IdentityRequest).where(IdentityRequest.report_id == report.id))
        report.receipt_hash = f"erased-{report.id}"
        report.erased_at = at or now()
        erased += 1
    tenant_db.session.commit()
    return erased
