"""The reporter's identity: a handler asks with a reason, the custodian decides, and only the
asking handler then sees it. See ``services/reveal.py``."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kiblat.modules.mesra.forms import DecisionForm, IdentityRequestForm
from kiblat.modules.mesra.services import reveal
from kiblat.modules.mesra.services.errors import MesraError
from kiblat.modules.mesra.views.cases import _case
from kiblat.modules.mesra.views.common import checked, render
from kiblat.platform.identity.sessions import get_current_user, permission_required
from kiblat.tenants.database import tenant_db


@permission_required("mesra.handle")
def identity(report_id: int) -> str | Response:
    handler, report = _case(report_id)
    form = IdentityRequestForm()
    if checked(form):
        try:
            reveal.request_identity(handler, report, form.reason.data)
            flash(_("Permintaan dikirim ke kustodian."))
            return redirect(url_for("mesra.identity", report_id=report_id))
        except MesraError as exc:
            tenant_db.session.rollback()
            flash(str(exc), "error")
    return render("identity.html", report=report, form=form, shown=reveal.reveal(handler, report),
                  requests=reveal.requests_of(handler, report), note_of=reveal.note_of)


def _custodian() -> None:
    if not reveal.is_custodian(get_current_user()):
        abort(403)


@permission_required("mesra.custody")
def custody() -> str:
    _custodian()
    return render("custody.html", rows=reveal.pending(), form=DecisionForm(formdata=None))


@permission_required("mesra.custody")
def custody_decide(request_id: int) -> Response:
    _custodian()
    form = DecisionForm()
    if checked(form):
        try:
            item = reveal.decide(get_current_user(), request_id, form.decision.data == "approve", form.note.data)
            flash(_("Permintaan disetujui.") if item.status == "approved" else _("Permintaan ditolak."))
        except LookupError:
            abort(404)
        except MesraError as exc:
            tenant_db.session.rollback()
            flash(str(exc), "error")
    return redirect(url_for("mesra.custody"))
