"""The waste-bank officer: schedule and assign pickups, walk-in deposits, withdrawals, corrections."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kiblat.modules.jumpa_madu.forms import (
    AssignForm,
    OfficerActionForm,
    PaymentForm,
    ReasonForm,
    ScheduleForm,
)
from kiblat.modules.jumpa_madu.services import (
    config,
    deposits,
    ledger,
    nasabah,
    pickups,
    withdrawals,
)
from kiblat.modules.jumpa_madu.services.errors import JumpaMaduError
from kiblat.modules.jumpa_madu.views.collector import new_weighing_form, weighing_page
from kiblat.modules.jumpa_madu.views.common import back_to, checked, refused, render, user_id
from kiblat.platform.identity.sessions import permission_required
from kiblat.tenants.database import tenant_db


@permission_required("jumpa_madu.manage")
def manage() -> str:
    return render("manage.html", pickups=pickups.open_pickups(), withdrawals=withdrawals.open_requests(),
                  collectors=pickups.collectors(), windows=config.windows(), today=pickups.today(),
                  form=OfficerActionForm())


def _act(form: OfficerActionForm, action: Callable[[], object], message: str) -> Response:
    """Run ``action`` when ``form`` is valid; say how it went, then go back to where it came from."""
    if checked(form):
        try:
            action()
            flash(message)
        except JumpaMaduError as exc:
            tenant_db.session.rollback()
            refused(exc)
    return back_to(form.next.data)


@permission_required("jumpa_madu.manage")
def schedule(pickup_id: int) -> Response:
    form = ScheduleForm()
    return _act(form, lambda: pickups.schedule(pickup_id, form.date.data, form.window.data),
                _("Penjemputan #%(id)s dijadwalkan.", id=pickup_id))


@permission_required("jumpa_madu.manage")
def assign(pickup_id: int) -> Response:
    form = AssignForm()
    return _act(form, lambda: pickups.assign(pickup_id, form.collector.data or 0),
                _("Penjemputan #%(id)s ditugaskan.", id=pickup_id))


@permission_required("jumpa_madu.manage")
def cancel(pickup_id: int) -> Response:
    form = ReasonForm()
    return _act(form, lambda: pickups.cancel(pickup_id, form.reason.data or ""),
                _("Penjemputan #%(id)s dibatalkan.", id=pickup_id))


@permission_required("jumpa_madu.manage")
def approve(withdrawal_id: int) -> Response:
    return _act(OfficerActionForm(), lambda: withdrawals.approve(withdrawal_id, user_id()),
                _("Penarikan #%(id)s disetujui.", id=withdrawal_id))


@permission_required("jumpa_madu.manage")
def pay(withdrawal_id: int) -> Response:
    form = PaymentForm()
    return _act(form, lambda: withdrawals.mark_paid(withdrawal_id, form.method.data or "", form.reference.data or "",
                                                    user_id()),
                _("Penarikan #%(id)s ditandai dibayar.", id=withdrawal_id))


@permission_required("jumpa_madu.manage")
def reject(withdrawal_id: int) -> Response:
    form = ReasonForm()
    return _act(form, lambda: withdrawals.reject(withdrawal_id, form.reason.data or "", user_id()),
                _("Penarikan #%(id)s ditolak; saldo dikembalikan.", id=withdrawal_id))


@permission_required("jumpa_madu.manage")
def correct(entry_id: int) -> Response:
    form = ReasonForm()
    return _act(form, lambda: ledger.reverse(entry_id, form.reason.data or "", user_id()),
                _("Koreksi dicatat sebagai entri baru."))


@permission_required("jumpa_madu.manage")
def walk_in() -> Response | str:
    form = new_weighing_form()
    if checked(form):
        try:
            book = nasabah.by_account_no(form.account_no.data or "")
            if book is None:
                raise JumpaMaduError("Nomor rekening nasabah tidak ditemukan.")
            deposit = deposits.record_deposit(book.id, deposits.weighings(form.kilograms()), form.key.data or "",
                                              actor_id=user_id(), confirmed_heavy=form.confirm_heavy.data)
        except JumpaMaduError as exc:
            tenant_db.session.rollback()
            refused(exc)
        else:
            flash(_("Setoran langsung tercatat."))
            return redirect(url_for("jumpa_madu.receipt", deposit_id=deposit.id))
    return weighing_page("walk_in.html", form)
