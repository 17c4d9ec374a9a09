"""Emails to handlers. They say only that something is waiting: no school, no form of
violence, no words of the report, so a mailbox or mail server learns nothing."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from kiblat.modules.mesra.models import Report, SatgasMember, TppkMember
from kiblat.platform.core.texts import _
from kiblat.platform.identity.models import User
from kiblat.platform.mail.sender import queue_message
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


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
        queue_message(email, subject, body, tenant_slug=current_tenant.slug)


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
        queue_message(email, _("Batas waktu penanganan kasus"),
                      _("%(count)s kasus yang Anda tangani mendekati atau melewati batas waktu tahapnya. "
                        "Masuk untuk melihatnya: %(link)s", count=per_user[user_id], link=link),
                      tenant_slug=current_tenant.slug)
        sent += 1
    return sent
