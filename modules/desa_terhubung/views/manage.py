"""Diskominfo's desk: the regency's target, plans per desa, the operator roster and training."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kiblat.modules.desa_terhubung.forms import (
    AttendanceForm,
    OperatorForm,
    PlanForm,
    PlanStatusForm,
    TargetForm,
    TrainingForm,
)
from kiblat.modules.desa_terhubung.services import operators, plans, registry
from kiblat.modules.desa_terhubung.services.errors import DesaError
from kiblat.modules.desa_terhubung.views.common import checked, render
from kiblat.platform.identity.sessions import get_current_user, permission_required
from kiblat.tenants.database import tenant_db


def _page(**forms) -> str:  # noqa: ANN003
    rows = registry.all_desa()
    names = {row.code: f"{row.name} ({row.kecamatan_name})" for row in rows}
    trainings = operators.trainings()
    return render(
        "manage.html", rows=rows, names=names, plans=plans.plans(), progress=plans.progress(registry.counts(rows)),
        roster=operators.roster(), attended=operators.attendance_counts(), served=operators.workload(), trainings=trainings,
        attendees={t.id: operators.attendees(t.id) for t in trainings},
        target_form=forms.get("target_form") or TargetForm(), plan_form=forms.get("plan_form") or PlanForm(),
        operator_form=forms.get("operator_form") or OperatorForm(),
        training_form=forms.get("training_form") or TrainingForm(), action_form=PlanStatusForm(),
    )


def _done(message: str) -> Response:
    flash(message)
    return redirect(url_for("desa_terhubung.manage"))


def _refused(exc: DesaError) -> None:
    tenant_db.session.rollback()
    flash(str(exc), "error")


@permission_required("desa_terhubung.verify")
def manage() -> str:
    return _page()


@permission_required("desa_terhubung.verify")
def set_target() -> Response | str:
    form = TargetForm()
    if checked(form):
        try:
            plans.set_target(form.title.data or "", form.year.data, form.max_blankspot.data)
        except DesaError as exc:
            _refused(exc)
        else:
            return _done(_("Target tersimpan."))
    return _page(target_form=form)


@permission_required("desa_terhubung.verify")
def add_plan() -> Response | str:
    form = PlanForm()
    if checked(form):
        try:
            plans.add_plan(form.desa.data or "", form.what.data or "", form.funding.data or "", form.budget.data,
                           form.status.data or "planned", form.expected_on.data, get_current_user().id)
        except DesaError as exc:
            _refused(exc)
        else:
            return _done(_("Rencana tersimpan."))
    return _page(plan_form=form)


@permission_required("desa_terhubung.verify")
def plan_status(plan_id: int) -> Response:
    form = PlanStatusForm()
    if checked(form):
        try:
            plans.set_status(plan_id, form.status.data or "")
        except DesaError as exc:
            _refused(exc)
        else:
            return _done(_("Status rencana diperbarui."))
    return redirect(url_for("desa_terhubung.manage"))


@permission_required("desa_terhubung.verify")
def add_operator() -> Response | str:
    form = OperatorForm()
    if checked(form):
        try:
            operators.add(form.desa.data or "", form.name.data or "", form.phone.data or "", form.since.data,
                          form.email.data or "")
        except DesaError as exc:
            _refused(exc)
        else:
            return _done(_("Operator desa ditambahkan."))
    return _page(operator_form=form)


@permission_required("desa_terhubung.verify")
def add_training() -> Response | str:
    form = TrainingForm()
    if checked(form):
        try:
            operators.add_training(form.title.data or "", form.held_on.data, form.place.data or "")
        except DesaError as exc:
            _refused(exc)
        else:
            return _done(_("Pelatihan tersimpan."))
    return _page(training_form=form)


@permission_required("desa_terhubung.verify")
def attend(training_id: int) -> Response:
    form = AttendanceForm()
    if checked(form):
        try:
            operators.attend(training_id, form.operator.data or 0, certified=form.certified.data == "y")
        except DesaError as exc:
            _refused(exc)
        else:
            return _done(_("Kehadiran tercatat."))
    return redirect(url_for("desa_terhubung.manage"))
