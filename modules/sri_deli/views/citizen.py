"""The citizen's path (no JavaScript): apply, follow, answer a revision, download the permit."""

from __future__ import annotations

import secrets

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from kiblat.modules.sri_deli.forms import PayOnlineForm, apply_form, resubmit_form
from kiblat.modules.sri_deli.models import APPROVED, REVISION, UNPAID
from kiblat.modules.sri_deli.services import (
    catalogue,
    certificate,
    online,
    payments,
    queries,
    settings,
    uploads,
    workflow,
)
from kiblat.modules.sri_deli.services.submit import Applicant, SubmitError, submit
from kiblat.platform.identity.sessions import get_current_user, has_permission, login_required
from kiblat.platform.regions.lookup import UnknownRegion, desa_of, kecamatan_of
from kiblat.platform.uploads import held, send_download
from kiblat.platform.web.forms import error_messages
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


def _hold_documents(permit_type, files: dict[str, tuple[str, bytes]], ticket: str | None,  # noqa: ANN001
                    owner: str) -> str | None:
    """Keep the documents that passed their own check while another field is corrected, so a
    citizen on a weak signal does not upload them again."""
    good = {}
    for doc in permit_type.documents:
        filename, data = files.get(doc["key"], ("", b""))
        if data:
            try:
                uploads.check(doc["label"], filename, data, doc)
            except uploads.UploadError:
                continue  # refused: it must be chosen again, and the error says why
            good[doc["key"]] = (filename, data)
    return held.hold(good, ticket, owner) or None


@login_required
def apply(key: str) -> Response | str | tuple[str, int]:
    permit_type = catalogue.offered_type(key)  # never a type nobody could process
    if permit_type is None:
        abort(404)
    user = get_current_user()
    owner = f"user:{user.id}"
    form = apply_form(permit_type, data={"nama": user.name, "email": user.email or "",
                                         "kecamatan": request.args.get("kecamatan", "").strip()})
    kecamatan = form.kecamatan.data or ""
    try:
        desa = desa_of(kecamatan) if kecamatan else []
    except UnknownRegion:
        kecamatan, desa = "", []
    page = dict(permit=permit_type, form=form, kecamatan_list=kecamatan_of(current_tenant.region_code),
                kecamatan=kecamatan, desa_list=desa, on_behalf=has_permission("citizen.assist"),
                upload_mb=settings.upload_max_bytes() // settings.MB, errors=[])

    def again(errors: list[str], status: int) -> tuple[str, int]:
        ticket = _hold_documents(permit_type, chosen, form.berkas.data, owner)
        form.berkas.data = ticket
        return render_template("sri_deli/apply.html", **{**page, "errors": errors,
                                                         "held": held.names(ticket, owner)}), status

    if not form.is_submitted():
        # The idempotency key is made once per form and kept across its steps and corrections.
        form.kunci.data = form.kunci.data or secrets.token_urlsafe(24)
        return render_template("sri_deli/apply.html", **page)
    chosen = form.documents(settings.upload_max_bytes())
    if form.only_choosing_area:
        form.kunci.data = form.kunci.data or secrets.token_urlsafe(24)
        return again([], 200)
    if not form.validate():
        return again(error_messages(form), 400)
    applicant = Applicant(
        kind=form.jenis_pemohon.data or "", name=form.nama.data or "", nik=form.nik.data or "",
        nib=form.nib.data or "", email=form.email.data or user.email or "", desa_code=form.desa.data or "",
        address=form.alamat.data or "")
    filing_for_other = page["on_behalf"] and form.atas_nama.data
    try:
        result = submit(key, applicant, form.catalogue_values(), {**held.load(form.berkas.data, owner), **chosen},
                        form.kunci.data or "", user=None if filing_for_other else user,
                        filed_by=user if filing_for_other else None)
    except SubmitError as exc:
        return again(exc.errors, 400)
    held.release(form.berkas.data, owner)
    return render_template("sri_deli/receipt.html", application=result.application,
                           code=result.tracking_code, replayed=result.replayed)


@login_required
def mine() -> str:
    return render_template("sri_deli/mine.html", applications=queries.citizen_applications(get_current_user()))


@login_required
def detail(application_id: int) -> Response | str | tuple[str, int]:
    application = queries.get_for_citizen(application_id, get_current_user())
    if application is None:
        abort(404)
    form = resubmit_form(application.permit_type)
    error = None
    if form.is_submitted():
        if not form.validate():
            error = "; ".join(error_messages(form))
        else:
            try:
                workflow.resubmit(application, form.catatan.data or "", actor=get_current_user(),
                                  files=form.documents(settings.upload_max_bytes()))
                return redirect(url_for("sri_deli.my_application", application_id=application.id))
            except workflow.WorkflowError as exc:
                tenant_db.session.rollback()
                error = str(exc)
    bill = payments.bill_of(application)
    return render_template("sri_deli/detail.html", application=application, error=error, form=form,
                           bill=bill, bill_due=payments.local_day(bill.due_at) if bill else None,
                           payment_instructions=payments.instructions(),
                           pay_online=bool(bill and bill.status == UNPAID and online.available()),
                           paid_online_pending=bool(bill and bill.status == UNPAID and request.args.get("dibayar")),
                           pay_form=PayOnlineForm(),
                           sla=queries.sla_status(application), events=queries.public_events(application),
                           REVISION=REVISION, APPROVED=APPROVED,
                           upload_mb=settings.upload_max_bytes() // settings.MB,
                           title=_("Permohonan %(number)s", number=application.number))


@login_required
def pdf(application_id: int) -> Response:
    application = queries.get_for_citizen(application_id, get_current_user())
    if application is None or application.status != APPROVED:
        abort(404)
    data = certificate.certificate_pdf(application)
    name = application.certificate_number.replace("/", "-")
    return send_download(data, download_name=f"{name}.pdf", media_type="application/pdf")
