"""The walidata's pages: the review queue, one submission, the data plan with each OPD's
completeness, and the modules' living datasets."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from kiblat.modules.satu_data.forms import LivingForm, PlanForm, ReviewForm
from kiblat.modules.satu_data.models import DatasetVersion
from kiblat.modules.satu_data.services import access, datasets, living, metadata, plans, review
from kiblat.modules.satu_data.services.access import WALIDATA
from kiblat.platform.identity.sessions import (
    current_permissions,
    get_current_user,
    permission_required,
)
from kiblat.platform.web.forms import error_messages
from kiblat.tenants.database import tenant_db

PREVIEW_ROWS = 20


@permission_required(WALIDATA)
def queue() -> str:
    return render_template("satu_data/queue.html", versions=review.queue())


@permission_required(WALIDATA)
def examine(version_id: int) -> Response | tuple[str, int]:
    version = tenant_db.session.get(DatasetVersion, version_id)
    if version is None:
        abort(404)
    form = ReviewForm()
    error = None
    if form.is_submitted() and not form.validate():
        error = "; ".join(error_messages(form))
    elif form.is_submitted():
        user, permissions = get_current_user(), current_permissions()
        try:
            if form.aksi.data == "terbitkan":
                review.publish(version, user, permissions)
                flash(_("Dataset diterbitkan."))
            elif form.aksi.data == "kembalikan":
                review.return_to_producer(version, user, permissions, form.catatan.data or "")
                flash(_("Dataset dikembalikan ke produsen data dengan catatan."))
            elif form.aksi.data == "tolak":
                review.reject(version, user, permissions, form.catatan.data or "")
                flash(_("Dataset ditolak."))
            else:
                raise review.ReviewError(_("Tindakan tidak dikenal."))
            return redirect(url_for("satu_data.queue"))
        except (review.ReviewError, access.AccessError) as exc:
            tenant_db.session.rollback()
            error = str(exc)
    tables = [(r, datasets.read_table(r) if r.storage_key else None) for r in version.resources]
    return render_template("satu_data/examine.html", version=version, dataset=version.dataset, form=form,
                           error=error, tables=tables, preview_rows=PREVIEW_ROWS, types=metadata.TYPES,
                           topics=metadata.TOPICS, frequencies=metadata.FREQUENCIES,
                           licenses=metadata.LICENSES), (400 if error else 200)


@permission_required(WALIDATA)
def plan() -> Response | tuple[str, int]:
    form = PlanForm()
    form.opd.choices = plans.opd_choices()
    error = None
    if form.is_submitted() and not form.validate():
        error = "; ".join(error_messages(form))
    elif form.is_submitted():
        try:
            plans.add_plan(form.opd.data, form.judul.data, form.frekuensi.data, form.tenggat_hari.data,
                           form.prioritas.data, current_permissions())
            tenant_db.session.commit()
            flash(_("Rencana data tersimpan."))
            return redirect(url_for("satu_data.plan"))
        except (plans.PlanError, access.AccessError) as exc:
            tenant_db.session.rollback()
            error = str(exc)
    return render_template("satu_data/plan.html", form=form, error=error, rows=plans.completeness(),
                           plans=plans.all_plans(), frequencies=metadata.FREQUENCIES), (400 if error else 200)


@permission_required(WALIDATA)
def living_list() -> Response | tuple[str, int]:
    form = LivingForm()
    form.opd.choices = plans.opd_choices()
    error = None
    if form.is_submitted() and not form.validate():
        error = "; ".join(error_messages(form))
    elif form.is_submitted():
        try:
            if form.aksi.data == "berhenti":
                living.stop(form.kunci.data or "", current_permissions())
                flash(_("Dataset modul tidak lagi diperbarui."))
            else:
                living.choose(form.kunci.data or "", form.opd.data, current_permissions())
                flash(_("Dataset modul diterbitkan dan akan diperbarui sesuai jadwal."))
            return redirect(url_for("satu_data.living_list"))
        except (living.LivingError, access.AccessError) as exc:
            tenant_db.session.rollback()
            error = str(exc)
    return render_template("satu_data/living.html", form=form, error=error, offers=living.offers()), \
        (400 if error else 200)
