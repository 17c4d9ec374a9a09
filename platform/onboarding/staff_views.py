"""Staff review of onboarding requests on the platform host (``/staff/onboarding``)."""

from __future__ import annotations

from pathlib import Path

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from kiblat.platform.core.extensions import db
from kiblat.platform.identity.staff.sessions import get_current_staff, staff_required
from kiblat.platform.onboarding import domains, files, review, wizard
from kiblat.platform.onboarding.errors import OnboardingError
from kiblat.platform.onboarding.forms import CsrfForm, OfficialDomainForm, RemoveDomainForm
from kiblat.platform.onboarding.models import OnboardingRequest
from kiblat.platform.regions.models import Regency
from kiblat.platform.uploads import send_download


def _request_or_404(request_id: int) -> OnboardingRequest:
    found = db.session.get(OnboardingRequest, request_id)
    if found is None or found.status == "draft":
        abort(404)
    return found


@staff_required
def index() -> str | Response:
    if request.method == "POST":
        if CsrfForm().validate_on_submit():
            review.set_auto_approve(get_current_staff(), request.form.get("auto_approve") == "on")
            flash(_("Pengaturan tersimpan."))
        return redirect(url_for("onboarding_staff.index"))
    return render_template("onboarding/staff_index.html", pending=review.pending_requests(),
                           recent=review.recent_requests(), auto_approve=review.auto_approve_enabled(),
                           form=CsrfForm(), domain_form=OfficialDomainForm(), remove_form=RemoveDomainForm(),
                           domains=domains.all_domains())


@staff_required
def domain_add() -> Response | tuple[str, int]:
    form = OfficialDomainForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        row = domains.add(get_current_staff(), form.domain.data or "", form.region_code.data or "")
    except OnboardingError as exc:
        db.session.rollback()
        flash(str(exc))
    else:
        flash(_("Domain %(domain)s tercatat sebagai domain resmi %(code)s.", domain=row.domain, code=row.region_code))
    return redirect(url_for("onboarding_staff.index") + "#domain")


@staff_required
def domain_remove() -> Response:
    form = RemoveDomainForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        domains.remove(get_current_staff(), form.domain.data or "")
        flash(_("Domain %(domain)s dihapus dari daftar resmi.", domain=form.domain.data))
    except OnboardingError as exc:
        db.session.rollback()
        flash(str(exc))
    return redirect(url_for("onboarding_staff.index") + "#domain")


@staff_required
def detail(request_id: int) -> str | Response | tuple[str, int]:
    found = _request_or_404(request_id)
    error, status = None, 200
    if request.method == "POST":
        if not CsrfForm().validate_on_submit():
            abort(400)
        try:
            if request.form.get("decision") == "approve":
                review.approve(found, get_current_staff())
                flash(_("Permohonan disetujui; kabupaten/kota sedang disiapkan."))
            else:
                review.reject(found, get_current_staff(), request.form.get("reason", ""))
                flash(_("Permohonan ditolak; pemohon sudah diberi tahu lewat email."))
        except OnboardingError as exc:
            db.session.rollback()
            error, status = str(exc), exc.status
        else:
            return redirect(url_for("onboarding_staff.index"))
    return render_template("onboarding/staff_detail.html", item=found, form=CsrfForm(), error=error,
                           regency=db.session.get(Regency, found.region_code), branding=wizard.branding_of(found),
                           host=wizard.tenant_host(found.slug),
                           official_domain=domains.is_official_for(found.applicant.email, found.region_code)), status


@staff_required
def letter(request_id: int) -> Response:
    found = _request_or_404(request_id)
    if not found.letter_key or not files.platform_storage().exists(found.letter_key):
        abort(404)
    extension = Path(found.letter_key).suffix
    return send_download(files.platform_storage().open(found.letter_key), media_type=files.media_type(found.letter_key),
                         download_name=f"surat-tugas-{found.id}{extension}")
