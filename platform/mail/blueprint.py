"""``/dev/outbox`` on the base domain: the development inbox (never in production)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from sqlalchemy import select

from kiblat.platform.core.extensions import db
from kiblat.platform.mail.models import OutboxMessage
from kiblat.tenants.context import get_current_tenant

bp = Blueprint("mail_outbox", __name__, template_folder="templates")


@bp.get("/dev/outbox")
def outbox() -> str:
    if current_app.config["ENV"] == "production" or get_current_tenant() is not None:
        abort(404)
    messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(100)).all()
    return render_template("mail/outbox.html", messages=messages)
