"""Emails to handlers. They say only that something is waiting: no school, no form of
violence, no words of the report, so a mailbox or mail server learns nothing."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from kiblat.modules.mesra.models import Report, SatgasMember, TppkMember
from kiblat.platform.core.texts import _
from kiblat.platform.identity.models import User, UserRole
from kiblat.platform.identity.roles import ADMIN_ROLE, permissions_for, roles_for
from kiblat.platform.jobs.queue import enqueue
from kiblat.platform.mail.sender import queue_message
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


def _send(email: str, subject: str, body: str) -> None:
    """Into the outbox, and queued for the worker to deliver (the outbox alone sends nothing)."""
    message = queue_message(email, subject, body, tenant_slug=current_tenant.slug)
    enqueue("mail.deliver", {"message_id": message.id}, tenant_slug=current_tenant.slug)


def handler_user_ids(report: Report) -> set[int]:
    ids = set(tenant_db.session.scalars(select(SatgasMember.user_id).where(
        SatgasMember.active.is_(True), SatgasMember.user_id.is_not(None))))
    if report.route == "tppk":
        ids |= set(tenant_db.session.scalars(select(TppkMember.user_id).where(
            TppkMember.school_id == report.school_id, TppkMember.user_id.is_not(None))))
    return ids


def case_waiting(report: Report, new_report: bool) -> None:
    ids = handler_user_ids(report)
    if not ids:
        return
    emails = tenant_db.session.scalars(select(User.email).where(User.id.in_(ids), User.email.is_not(None)))
    subject = _("Laporan baru menunggu") if new_report else _("Pesan baru menunggu")
    try:
        link = url_for("mesra.cases", _external=True)
    except RuntimeError:
        link = ""
    body = _("Ada laporan atau pesan yang menunggu di MeSRA Bertuah. Masuk untuk membacanya: %(link)s",
             link=link)
    for email in emails:
        _send(email, subject, body)


def _custodian_emails(exclude_user_id: int) -> list[str]:
    """Active custodians by their *own* roles (the regency admin's blanket grant does not make
    one, as for deciding), the requester left out: nobody decides their own request."""
    keys = [key for key in roles_for(current_tenant) if key != ADMIN_ROLE
            and "mesra.custody" in permissions_for({key}, current_tenant)]
    if not keys:
        return []
    holders = select(UserRole.user_id).where(UserRole.role_key.in_(keys))
    return list(tenant_db.session.scalars(select(User.email).where(
        User.active.is_(True), User.email.is_not(None), User.id != exclude_user_id,
        (User.role_key.in_(keys)) | (User.id.in_(holders))).order_by(User.id)))


def identity_request_waiting(requested_by: int) -> int:
    """Tells each custodian that a request waits, with a link to the custodian's page — no case
    number, school, reason or anything of the report (those are read after signing in)."""
    try:
        link = url_for("mesra.custody", _external=True)
    except RuntimeError:
        link = ""
    emails = _custodian_emails(requested_by)
    for email in emails:
        _send(email, _("Permintaan pembukaan identitas menunggu"),
              _("Ada permintaan pembukaan identitas pelapor yang menunggu keputusan Anda di MeSRA Bertuah. "
                "Masuk untuk memutuskannya: %(link)s", link=link))
    return len(emails)


def deadline_reminders(reports: list[Report]) -> int:
    """One email per handler with cases near or past their stage deadline; only the count."""
    per_user: dict[int, int] = {}
    for report in reports:
        for user_id in handler_user_ids(report):
            per_user[user_id] = per_user.get(user_id, 0) + 1
    if not per_user:
        return 0
    try:
        link = url_for("mesra.cases", _external=True)
    except RuntimeError:
        link = ""
    sent = 0
    for user_id, email in tenant_db.session.execute(select(User.id, User.email).where(
            User.id.in_(per_user), User.email.is_not(None))):
        _send(email, _("Batas waktu penanganan kasus"),
              _("%(count)s kasus yang Anda tangani mendekati atau melewati batas waktu tahapnya. "
                "Masuk untuk melihatnya: %(link)s", count=per_user[user_id], link=link))
        sent += 1
    return sent
