"""Officers' queue and work page, filtered by their OPD and permissions."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from kiblat.modules.sri_deli.forms import WorkForm
from kiblat.modules.sri_deli.models import ApplicationDocument
from kiblat.modules.sri_deli.services import queries, workflow
from kiblat.modules.sri_deli.services.holidays import holiday_set
from kiblat.platform.identity.sessions import (
    current_permissions,
    get_current_user,
    permission_required,
)
from kiblat.platform.storage.files import tenant_storage
from kiblat.platform.uploads import send_download
from kiblat.platform.web.forms import error_messages
from kiblat.tenants.database import tenant_db


@permission_required("opd.work")
def queue() -> str:
    user, permissions = get_current_user(), current_permissions()
    items = queries.officer_queue(user, permissions)
    holidays = holiday_set()
    rows = [(item, queries.sla_status(item, holidays=holidays)) for item in items]
    return render_template("sri_deli/queue.html", rows=rows, opd=user.opd)


@permission_required("opd.work")
def work(application_id: int) -> Response | str | tuple[str, int]:
    user, permissions = get_current_user(), current_permissions()
    application = queries.get_for_officer(application_id, user)
    if application is None:
        abort(404)
    form = WorkForm()
    error = None
    if form.is_submitted() and not form.validate():
        error = "; ".join(error_messages(form))
    elif form.is_submitted():
        action, note = form.aksi.data, form.catatan.data or ""
        try:
            if action == "terima":
                workflow.accept_stage(application, user, permissions, form.tahap.data or "", note)
            elif action == "kembalikan":
                workflow.send_back(application, user, permissions, note)
            elif action == "tolak":
                workflow.reject(application, user, permissions, note)
            elif action == "survei":
                workflow.survey_note(application, user, permissions, note)
            elif action == "cabut":
                workflow.revoke(application, user, permissions, note)
            else:
                raise workflow.WorkflowError(_("Tindakan tidak dikenal"))
            flash(_("Tindakan tersimpan."))
            return redirect(url_for("sri_deli.work", application_id=application.id))
        except workflow.WorkflowError as exc:
            tenant_db.session.rollback()
            error = str(exc)
    stage = application.stage
    return render_template("sri_deli/work.html", application=application, error=error, stage=stage,
                           fields=queries.form_values(application),
                           can_act=bool(stage and stage["permission"] in permissions),
                           can_inspect="sri_deli.inspect" in permissions,
                           can_revoke="sri_deli.approve" in permissions,
                           sla=queries.sla_status(application)), (400 if error else 200)


@permission_required("opd.work")
def document(application_id: int, document_id: int) -> Response:
    application = queries.get_for_officer(application_id, get_current_user())
    doc = tenant_db.session.get(ApplicationDocument, document_id)
    if application is None or doc is None or doc.application_id != application.id:
        abort(404)
    # The stored name is sanitised at upload; send_download sanitises again (rows from before
    # the upload check) and lets Werkzeug write the header.
    return send_download(tenant_storage().open(doc.storage_key), download_name=doc.filename,
                         media_type=doc.content_type)
