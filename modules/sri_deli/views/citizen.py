"""The citizen's path (no JavaScript): apply, follow, answer a revision, download the permit."""

from __future__ import annotations

import secrets

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from kiblat.modules.sri_deli.models import APPROVED, REVISION
from kiblat.modules.sri_deli.services import catalogue, certificate, queries, workflow
from kiblat.modules.sri_deli.services.fees import rupiah
from kiblat.modules.sri_deli.services.submit import Applicant, SubmitError, submit
from kiblat.platform.identity.sessions import get_current_user, has_permission, login_required
from kiblat.platform.regions.lookup import UnknownRegion, desa_of, kecamatan_of
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


def _files(permit_type) -> dict[str, tuple[str, bytes]]:  # noqa: ANN001
    files = {}
    for doc in permit_type.documents:
        upload = request.files.get(f"dok_{doc['key']}")
        if upload is not None and upload.filename:
            files[doc["key"]] = (upload.filename, upload.read(6 * 1024 * 1024))
    return files


@login_required
def apply(key: str) -> Response | str | tuple[str, int]:
    permit_type = catalogue.get_type(key)
    if permit_type is None:
        abort(404)
    user = get_current_user()
    on_behalf = has_permission("citizen.assist")
    kecamatan = (request.values.get("kecamatan") or "").strip()
    try:
        desa = desa_of(kecamatan) if kecamatan else []
    except UnknownRegion:
        kecamatan, desa = "", []
    context = dict(permit=permit_type, kecamatan_list=kecamatan_of(current_tenant.region_code),
                   kecamatan=kecamatan, desa_list=desa, on_behalf=on_behalf, rupiah=rupiah, errors=[],
                   form=request.form, user=user)
    if request.method == "GET" or request.form.get("langkah") == "wilayah":
        return render_template("sri_deli/apply.html", idempotency_key=request.form.get("kunci")
                               or secrets.token_urlsafe(24), **context)
    applicant = Applicant(
        kind=request.form.get("jenis_pemohon", ""), name=request.form.get("nama", ""),
        nik=request.form.get("nik", ""), nib=request.form.get("nib", ""),
        email=request.form.get("email", "") or (user.email or ""),
        desa_code=request.form.get("desa", ""), address=request.form.get("alamat", ""))
    filing_for_other = on_behalf and request.form.get("atas_nama") == "1"
    try:
        result = submit(key, applicant, request.form.to_dict(), _files(permit_type), request.form.get("kunci", ""),
                        user=None if filing_for_other else user, filed_by=user if filing_for_other else None)
    except SubmitError as exc:
        return render_template("sri_deli/apply.html", idempotency_key=request.form.get("kunci", ""),
                               **{**context, "errors": exc.errors}), 400
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
    error = None
    if request.method == "POST":
        try:
            workflow.resubmit(application, request.form.get("catatan", ""), actor=get_current_user(),
                              files=_files(application.permit_type))
            return redirect(url_for("sri_deli.my_application", application_id=application.id))
        except workflow.WorkflowError as exc:
            tenant_db.session.rollback()
            error = str(exc)
    return render_template("sri_deli/detail.html", application=application, error=error,
                           sla=queries.sla_status(application), events=queries.public_events(application),
                           REVISION=REVISION, APPROVED=APPROVED, rupiah=rupiah,
                           title=_("Permohonan %(number)s", number=application.number))


@login_required
def pdf(application_id: int) -> Response:
    application = queries.get_for_citizen(application_id, get_current_user())
    if application is None or application.status != APPROVED:
        abort(404)
    data = certificate.certificate_pdf(application)
    name = application.certificate_number.replace("/", "-")
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'})
