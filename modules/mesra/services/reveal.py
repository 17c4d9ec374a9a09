"""Revealing a reporter's identity: hidden from every handler by default, shown only to the
handler who asked, with a recorded reason, after the custodian (``kustodian_mesra``) approved.

The custodian sees the reason, the case number and who asked, never the report itself. The
request, the decision and every viewing of the identity are written to the audit log. Like
reading a case, deciding needs the permission through the user's *own* roles (the regency
admin's blanket grant does not count) and no impersonation."""

from __future__ import annotations

from dataclasses import dataclass

from flask import session
from sqlalchemy import select

from kiblat.modules.mesra.models import IdentityRequest, Report
from kiblat.modules.mesra.services import notify, vault
from kiblat.modules.mesra.services.cases import Handler, may_read
from kiblat.modules.mesra.services.errors import MesraError
from kiblat.modules.mesra.services.reports import MAX_TEXT, identity_of, now
from kiblat.platform.core.texts import _
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.models import User
from kiblat.platform.identity.roles import ADMIN_ROLE, permissions_for
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

MIN_REASON = 20


class NotCustodian(Exception):  # noqa: N818
    pass


@dataclass(frozen=True)
class Pending:
    request: IdentityRequest
    reason: str
    requester: str


def is_custodian(user: User | None) -> bool:
    if user is None or session.get("impersonation"):
        return False
    return "mesra.custody" in permissions_for(user.role_keys - {ADMIN_ROLE}, current_tenant)


def requests_of(handler: Handler, report: Report) -> list[IdentityRequest]:
    return list(tenant_db.session.scalars(select(IdentityRequest).where(
        IdentityRequest.report_id == report.id, IdentityRequest.requested_by == handler.user_id)
        .order_by(IdentityRequest.id.desc())))


def request_identity(handler: Handler, report: Report, reason: str) -> IdentityRequest:
    if not may_read(handler, report):
        raise MesraError(_("Anda tidak menangani kasus ini."))
    if report.identity_enc is None:
        raise MesraError(_("Pelapor anonim: tidak ada identitas yang dapat dibuka."))
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON or len(reason) > MAX_TEXT:
        raise MesraError(_("Tulis alasan paling sedikit %(n)s huruf.", n=MIN_REASON))
    if any(r.status in ("pending", "approved") for r in requests_of(handler, report)):
        raise MesraError(_("Permintaan Anda untuk kasus ini sudah ada."))
    item = IdentityRequest(report_id=report.id, requested_by=handler.user_id, reason_enc=vault.seal(reason),
                           status="pending", created_at=now())
    tenant_db.session.add(item)
    tenant_db.session.flush()
    record("mesra.identity_requested", "mesra_report", report.id, request=item.id)
    tenant_db.session.commit()
    notify.identity_request_waiting(handler.user_id)
    return item


def pending() -> list[Pending]:
    """Open requests for the custodian: reason, case number, who asked — no report content."""
    items = list(tenant_db.session.scalars(select(IdentityRequest).where(IdentityRequest.status == "pending")
                                           .order_by(IdentityRequest.id)))
    names = {u.id: u.name for u in tenant_db.session.scalars(
        select(User).where(User.id.in_({i.requested_by for i in items})))} if items else {}
    return [Pending(i, vault.open_text(i.reason_enc), names.get(i.requested_by, "?")) for i in items]


def decide(user: User | None, request_id: int, approve: bool, note: str) -> IdentityRequest:
    if not is_custodian(user):
        raise NotCustodian(request_id)
    item = tenant_db.session.get(IdentityRequest, request_id)
    if item is None:
        raise LookupError(request_id)
    if item.status != "pending":
        raise MesraError(_("Permintaan ini sudah diputuskan."))
    if item.requested_by == user.id:
        raise MesraError(_("Permintaan Anda sendiri harus diputuskan kustodian lain."))
    note = (note or "").strip()
    if not note or len(note) > MAX_TEXT:
        raise MesraError(_("Tulis catatan keputusan (paling banyak %(n)s huruf).", n=MAX_TEXT))
    item.status = "approved" if approve else "refused"
    item.decided_by, item.decided_at, item.note_enc = user.id, now(), vault.seal(note)
    record("mesra.identity_approved" if approve else "mesra.identity_refused", "mesra_report", item.report_id,
           request=item.id)
    tenant_db.session.commit()
    return item


def note_of(item: IdentityRequest) -> str:
    return vault.open_text(item.note_enc) if item.note_enc else ""


def reveal(handler: Handler, report: Report) -> dict | None:
    """The identity for the handler whose request was approved (audited), else None."""
    if report.identity_enc is None or not may_read(handler, report):
        return None
    if not any(r.status == "approved" for r in requests_of(handler, report)):
        return None
    record("mesra.identity_viewed", "mesra_report", report.id)
    tenant_db.session.commit()
    return identity_of(report)
