"""``/dev/outbox``: the development inbox (never in production).

On the platform host platform staff, signed in, read every message; on a regency's host a
signed-in person reads only the messages sent to their own address or phone number by that
regency (short messages are kept here too, see platform/identity/sms.py). Links
in these messages set passwords and sign people in, so nobody else sees them.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.wrappers import Response

from kiblat.platform.core.extensions import db
from kiblat.platform.identity.sessions import get_current_user
from kiblat.platform.identity.staff.sessions import get_current_staff
from kiblat.platform.mail.models import OutboxMessage
from kiblat.tenants.context import get_current_tenant

bp = Blueprint("mail_outbox", __name__, template_folder="templates")
STATUS_LABELS = {"pending": _l("menunggu dikirim"), "sent": _l("terkirim"), "printed": _l("dicetak ke konsol"),
                 "failed": _l("gagal")}
SHOWN = 100


@bp.get("/dev/outbox")
def outbox() -> str | Response:
    if current_app.config["ENV"] == "production":
        abort(404)
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(SHOWN)
    tenant = get_current_tenant()
    if tenant is None:
        if get_current_staff() is None:
            return redirect(url_for("staff.login", next="/dev/outbox"))
        layout = "layouts/platform.html"
    else:
        user = get_current_user()
        if user is None:
            return redirect(url_for("identity.login", next="/dev/outbox"))
        # Email to the account's address, and SMS/WhatsApp to its phone number (sms.py).
        addresses = [a for a in (user.email, user.phone) if a]
        if not addresses:
            abort(404)
        query = query.where(OutboxMessage.tenant_slug == tenant.slug, OutboxMessage.recipient.in_(addresses))
        layout = "layouts/tenant.html"
    return render_template("mail/outbox.html", messages=db.session.scalars(query).all(), layout=layout,
                           status_labels=STATUS_LABELS)
