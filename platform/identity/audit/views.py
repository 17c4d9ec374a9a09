"""Thin handler for ``/admin/audit``: filter by user, action and dates, newest first."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from kiblat.platform.identity.audit.labels import action_label
from kiblat.platform.identity.audit.service import AuditFilter, known_actions, search
from kiblat.platform.identity.models import User
from kiblat.platform.identity.sessions import permission_required
from kiblat.platform.web.hosts import require_tenant_host
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


def _parse_date(raw: str | None, errors: list[str], message: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors.append(message)
        return None


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(current_tenant.time_zone))


@permission_required("audit.view")
def _index() -> str:
    args = request.args
    errors: list[str] = []
    since = _parse_date(args.get("dari"), errors, _("Tanggal awal tidak valid (format TTTT-BB-HH)."))
    until = _parse_date(args.get("sampai"), errors, _("Tanggal akhir tidak valid (format TTTT-BB-HH)."))
    user_id = args.get("pengguna", type=int)
    criteria = AuditFilter(
        user_id=user_id,
        action=(args.get("aksi") or "").strip()[:80] or None,
        since=_start_of(since) if since else None,
        until=_start_of(until + timedelta(days=1)) if until else None,
    )
    result = search(criteria, page=args.get("halaman", 1, type=int) or 1)
    users = tenant_db.session.execute(select(User.id, User.name).order_by(User.name)).all()
    query = {k: v for k, v in args.items() if k != "halaman" and v}
    # The filter lists the actions this log holds, by their labels (the code is only the value sent).
    actions = sorted(((code, action_label(code)) for code in known_actions()), key=lambda pair: pair[1])
    return render_template("audit/index.html", result=result, users=users, actions=actions,
                           user_names=dict(users),
                           criteria=criteria, errors=errors, args=args, query=query)


def index() -> str:
    require_tenant_host()
    return _index()
