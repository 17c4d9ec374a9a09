"""Sekolah Ramah Anak: a school fills its yearly self-assessment with evidence, Dinas
Pendidikan verifies it and sees the regency's overview. Nothing here is confidential: the
regency admin may fill or review too."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from kiblat.modules.mesra.forms import SraEvidenceForm, SraForm, SraReviewForm
from kiblat.modules.mesra.models import School, TppkMember
from kiblat.modules.mesra.services import schools as registry
from kiblat.modules.mesra.services import sra
from kiblat.modules.mesra.services.errors import MesraError
from kiblat.modules.mesra.views.common import checked, render, upload_of
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.roles import permissions_for
from kiblat.platform.identity.sessions import get_current_user, login_required, permission_required
from kiblat.platform.uploads import send_download
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


def this_year() -> int:
    """The year in the regency's own time zone (a new round starts on its 1 January)."""
    return datetime.now(ZoneInfo(current_tenant.time_zone)).year


def _year(default: int) -> int:
    raw = request.args.get("tahun", "")
    return int(raw) if raw.isdigit() and sra.FIRST_YEAR <= int(raw) <= default else default


def _granted(permission: str) -> bool:
    user = get_current_user()
    return user is not None and permission in permissions_for(user.role_keys, current_tenant)


def _may_fill(school: School) -> bool:
    """The school's own TPPK members, or the registry desk (Dinas Pendidikan, regency admin)."""
    user = get_current_user()
    if user is None:
        return False
    if _granted("mesra.manage"):
        return True
    return tenant_db.session.scalar(select(TppkMember.id).where(
        TppkMember.school_id == school.id, TppkMember.user_id == user.id)) is not None


def _school_for_filling(school_id: int) -> School:
    school = registry.get_school(school_id)
    if school is None:
        abort(404)
    if not _may_fill(school) and not _granted("mesra.review"):
        abort(403)
    return school


def _page(school: School, year: int, form: SraForm, answers: dict[str, int] | None = None) -> str:
    assessment = sra.get(school, year)
    current = answers if answers is not None else (sra.answers_of(assessment) if assessment else {})
    editable = _may_fill(school) and (assessment is None or assessment.state in ("draft", "returned"))
    return render("sra_form.html", school=school, year=year, this_year=this_year(), assessment=assessment,
                  answers=current, result=sra.evaluate(current), sra=sra, form=form, editable=editable,
                  evidence_form=SraEvidenceForm(formdata=None), review_form=SraReviewForm(formdata=None),
                  may_review=_granted("mesra.review"), history=sra.history(school))


@login_required
def sra_school(school_id: int) -> str | Response | tuple[str, int]:
    school = _school_for_filling(school_id)
    year = _year(this_year())
    form = SraForm()
    if not checked(form):
        return _page(school, year, form)
    if not _may_fill(school):
        abort(403)
    raw = form.answers.data
    try:
        answers = sra.parse_answers(raw)
        assessment = sra.save(school, year, this_year(), answers, get_current_user().id, bool(form.submit.data))
        record("mesra.sra_submitted" if form.submit.data else "mesra.sra_saved", "mesra_school", school.id,
               year=year, score=assessment.score)
        tenant_db.session.commit()
    except MesraError as exc:
        tenant_db.session.rollback()
        flash(str(exc), "error")
        # What was chosen stays chosen: only valid answers are kept, the rest left unpicked.
        kept = {k: int(v) for k, v in raw.items() if v in ("0", "1", "2")}
        return _page(school, year, form, kept), 400
    flash(_("Penilaian dikirim ke Dinas Pendidikan.") if form.submit.data else _("Penilaian disimpan sebagai draf."))
    return redirect(url_for("mesra.sra_school", school_id=school.id, tahun=year))


@login_required
def sra_evidence_add(school_id: int, year: int) -> Response:
    school = _school_for_filling(school_id)
    if not _may_fill(school):
        abort(403)
    form = SraEvidenceForm()
    if checked(form):
        upload = upload_of(form.file.data, sra.EVIDENCE_MAX_BYTES)
        assessment = sra.get(school, year)
        try:
            if upload is None:
                raise MesraError(_("Pilih berkas bukti."))
            if assessment is None:
                raise MesraError(_("Simpan penilaian dahulu, lalu unggah buktinya."))
            item = sra.add_evidence(assessment, form.indicator.data, upload)
            record("mesra.sra_evidence_added", "mesra_school", school.id, year=year, indicator=item.indicator)
            tenant_db.session.commit()
            flash(_("Bukti diunggah."))
        except MesraError as exc:
            tenant_db.session.rollback()
            flash(str(exc), "error")
    return redirect(url_for("mesra.sra_school", school_id=school.id, tahun=year) + "#bukti")


@login_required
def sra_evidence(school_id: int, year: int, evidence_id: int) -> Response:
    school = _school_for_filling(school_id)
    assessment = sra.get(school, year)
    found = sra.evidence_content(assessment, evidence_id) if assessment else None
    if found is None:
        abort(404)
    item, data = found
    return send_download(data, download_name=item.filename, media_type=item.media_type, inline=True)


@permission_required("mesra.review")
def sra_review(school_id: int, year: int) -> Response:
    school = registry.get_school(school_id)
    assessment = sra.get(school, year) if school else None
    if assessment is None:
        abort(404)
    form = SraReviewForm()
    if checked(form):
        try:
            sra.review(assessment, get_current_user().id, form.decision.data == "verify", form.note.data or "")
            record("mesra.sra_verified" if assessment.state == "verified" else "mesra.sra_returned",
                   "mesra_school", school.id, year=year)
            tenant_db.session.commit()
            flash(_("Penilaian diverifikasi.") if assessment.state == "verified"
                  else _("Penilaian dikembalikan ke sekolah."))
        except MesraError as exc:
            tenant_db.session.rollback()
            flash(str(exc), "error")
    return redirect(url_for("mesra.sra_school", school_id=school_id, tahun=year))


@permission_required("mesra.review")
def sra_overview() -> str:
    year = _year(this_year())
    return render("sra_overview.html", overview=sra.overview(year), sra=sra, this_year=this_year(),
                  kecamatan=registry.kecamatan_names())


def sra_public() -> str:
    """Public: each school's verified SRA status, by kecamatan (one kecamatan at a time keeps the
    page light), with the way to report."""
    kecamatan = registry.kecamatan_names()
    chosen = request.args.get("kecamatan", "")
    chosen = chosen if chosen in kecamatan else ""
    rows = sra.public_profiles(chosen) if chosen else []
    counts = dict.fromkeys(sra.STATUSES, 0)
    for _school, assessment in sra.public_profiles():
        counts[assessment.status if assessment else "belum"] += 1
    return render("sra_public.html", rows=rows, counts=counts, sra=sra, kecamatan=kecamatan, chosen=chosen)
