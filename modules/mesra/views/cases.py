"""Handlers (TPPK members, Satgas): their cases, a case's thread, stages, escalation, closing.
Every page showing a case is audited by ``cases.open_case``; a handler of another school
gets 403, audited too."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kiblat.modules.mesra.forms import ActionForm, CloseForm, MessageForm, ReportForm
from kiblat.modules.mesra.services import cases, reports, schools
from kiblat.modules.mesra.services.errors import MesraError
from kiblat.modules.mesra.services.labels import STAGES
from kiblat.modules.mesra.services.settings import file_max_bytes
from kiblat.modules.mesra.views.common import checked, render, upload_of
from kiblat.platform.identity.sessions import get_current_user, permission_required
from kiblat.platform.uploads.downloads import send_download
from kiblat.tenants.database import tenant_db


def _handler() -> cases.Handler:
    handler = cases.handler_for(get_current_user())
    if handler is None:
        abort(403)
    return handler


def _case(report_id: int) -> tuple[cases.Handler, object]:
    handler = cases.handler_for(get_current_user())
    try:
        return handler, cases.open_case(handler, report_id)
    except LookupError:
        abort(404)
    except cases.CaseForbidden:
        abort(403)


@permission_required("mesra.handle")
def case_list() -> str:
    handler = _handler()
    return render("cases.html", handler=handler, rows=cases.visible_cases(handler), overdue=cases.overdue(handler),
                  now=reports.now(), time_left=cases.time_left)


@permission_required("mesra.handle")
def case_record() -> str:
    """A report received by phone, letter or in person, typed in by a handler."""
    _handler()
    form = ReportForm()
    if checked(form):
        new = reports.NewReport(
            school_id=form.school.data, violence_form=form.violence_form.data or "", what=form.what.data or "",
            when=form.when.data or "", who=form.who.data or "", accused=form.accused.data or "lainnya",
            satgas_only=bool(form.satgas_only.data), name=form.name.data or "", contact=form.contact.data or "",
            relation=form.relation.data or "", channel=form.channel.data if form.channel.data in (
                "phone", "letter", "visit") else "phone")
        try:
            report, code = reports.submit(new, upload_of(form.evidence.data, file_max_bytes()), file_max_bytes(),
                                          recorded_by=get_current_user().id)
            return render("receipt.html", code=code, report=report, recorded=True)
        except MesraError as exc:
            tenant_db.session.rollback()
            flash(str(exc), "error")
    return render("report_form.html", form=form, schools=schools.all_schools(), kecamatan=schools.kecamatan_names(),
                  recording=True)


@permission_required("mesra.handle")
def case_detail(report_id: int) -> str:
    handler, report = _case(report_id)
    return render("case.html", report=report, handler=handler, content=reports.content_of(report),
                  thread=reports.thread(report, include_notes=True), files=reports.files_of(report),
                  has_identity=report.identity_enc is not None, time_left=cases.time_left(report),
                  message_form=MessageForm(formdata=None), action_form=ActionForm(), close_form=CloseForm(formdata=None))


def _act(report_id: int, form, action) -> Response:  # noqa: ANN001
    handler, report = _case(report_id)
    if checked(form):
        try:
            message = action(handler, report)
            flash(message)
        except MesraError as exc:
            tenant_db.session.rollback()
            flash(str(exc), "error")
    if cases.may_read(handler, tenant_db.session.get(type(report), report_id)):
        return redirect(url_for("mesra.case", report_id=report_id))
    return redirect(url_for("mesra.cases"))


@permission_required("mesra.handle")
def case_message(report_id: int) -> Response:
    form = MessageForm()
    return _act(report_id, form, lambda h, r: cases.ask(h, r, form.body.data, bool(form.internal.data))
                or _("Pesan disimpan."))


@permission_required("mesra.handle")
def case_advance(report_id: int) -> Response:
    return _act(report_id, ActionForm(), lambda h, r: _("Tahap sekarang: %(stage)s.",
                                                          stage=_(STAGES[cases.advance(h, r)])))


@permission_required("mesra.handle")
def case_escalate(report_id: int) -> Response:
    return _act(report_id, ActionForm(), lambda h, r: cases.escalate(h, r) or _("Kasus dilimpahkan ke Satgas PPKSP."))


@permission_required("mesra.handle")
def case_close(report_id: int) -> Response:
    form = CloseForm()
    return _act(report_id, form, lambda h, r: cases.close(h, r, form.recovery.data, form.sanction.data,
                                                          form.note.data or "") or _("Kasus ditutup."))


@permission_required("mesra.handle")
def case_file(report_id: int, file_id: int) -> Response:
    _handler_, report = _case(report_id)
    found = reports.file_content(report, file_id)
    if found is None:
        abort(404)
    item, data, name = found
    return send_download(data, download_name=name, media_type=item.media_type)
