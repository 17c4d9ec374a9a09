"""The waste-bank officer: schedule and assign pickups, walk-in deposits, withdrawals, corrections."""

from __future__ import annotations

import secrets

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from kiblat.modules.jumpa_madu.services import (
    config,
    deposits,
    ledger,
    nasabah,
    pickups,
    withdrawals,
)
from kiblat.modules.jumpa_madu.services.errors import JumpaMaduError
from kiblat.modules.jumpa_madu.views_collector import weighings_from_form
from kiblat.modules.jumpa_madu.views_common import form_date, form_int, refused, render, user_id
from kiblat.platform.identity.models import User, UserRole
from kiblat.platform.identity.roles import roles_for
from kiblat.platform.identity.sessions import permission_required
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


def _collectors() -> list[User]:
    roles = [k for k, r in roles_for(current_tenant).items() if "jumpa_madu.collect" in r.permissions]
    extra = select(UserRole.user_id).where(UserRole.role_key.in_(roles))
    return list(tenant_db.session.scalars(
        select(User).where(User.active.is_(True), User.role_key.in_(roles) | User.id.in_(extra)).order_by(User.name)
    ))


@permission_required("jumpa_madu.manage")
def manage() -> str:
    return render("manage.html", pickups=pickups.open_pickups(), withdrawals=withdrawals.open_requests(),
                  collectors=_collectors(), windows=config.windows(), today=pickups.today())


def _act(action, message: str):  # noqa: ANN001, ANN202
    try:
        action()
        flash(message)
    except JumpaMaduError as exc:
        tenant_db.session.rollback()
        refused(exc)
    target = request.form.get("next", "")
    local = target.startswith("/") and not target.startswith(("//", "/\\"))
    return redirect(target if local else url_for("jumpa_madu.manage"))


@permission_required("jumpa_madu.manage")
def schedule(pickup_id: int):  # noqa: ANN201
    return _act(lambda: pickups.schedule(pickup_id, form_date("date"), form_int("window")),
                _("Penjemputan #%(id)s dijadwalkan.", id=pickup_id))


@permission_required("jumpa_madu.manage")
def assign(pickup_id: int):  # noqa: ANN201
    return _act(lambda: pickups.assign(pickup_id, form_int("collector", 0) or 0),
                _("Penjemputan #%(id)s ditugaskan.", id=pickup_id))


@permission_required("jumpa_madu.manage")
def cancel(pickup_id: int):  # noqa: ANN201
    return _act(lambda: pickups.cancel(pickup_id, request.form.get("reason", "")),
                _("Penjemputan #%(id)s dibatalkan.", id=pickup_id))


@permission_required("jumpa_madu.manage")
def approve(withdrawal_id: int):  # noqa: ANN201
    return _act(lambda: withdrawals.approve(withdrawal_id, user_id()), _("Penarikan #%(id)s disetujui.", id=withdrawal_id))


@permission_required("jumpa_madu.manage")
def pay(withdrawal_id: int):  # noqa: ANN201
    return _act(lambda: withdrawals.mark_paid(withdrawal_id, request.form.get("method", ""),
                                              request.form.get("reference", ""), user_id()),
                _("Penarikan #%(id)s ditandai dibayar.", id=withdrawal_id))


@permission_required("jumpa_madu.manage")
def reject(withdrawal_id: int):  # noqa: ANN201
    return _act(lambda: withdrawals.reject(withdrawal_id, request.form.get("reason", ""), user_id()),
                _("Penarikan #%(id)s ditolak; saldo dikembalikan.", id=withdrawal_id))


@permission_required("jumpa_madu.manage")
def correct(entry_id: int):  # noqa: ANN201
    return _act(lambda: ledger.reverse(entry_id, request.form.get("reason", ""), user_id()),
                _("Koreksi dicatat sebagai entri baru."))


@permission_required("jumpa_madu.manage")
def walk_in():  # noqa: ANN201
    if request.method == "POST":
        try:
            book = nasabah.by_account_no(request.form.get("account_no", ""))
            if book is None:
                raise JumpaMaduError("Nomor rekening nasabah tidak ditemukan.")
            deposit = deposits.record_deposit(book.id, weighings_from_form(), request.form.get("key", ""),
                                              actor_id=user_id(),
                                              confirmed_heavy=request.form.get("confirm_heavy") == "1")
        except JumpaMaduError as exc:
            tenant_db.session.rollback()
            refused(exc)
        else:
            flash(_("Setoran langsung tercatat."))
            return redirect(url_for("jumpa_madu.receipt", deposit_id=deposit.id))
    return render("walk_in.html", prices=config.price_list(), form=request.form,
                  key=request.form.get("key") or secrets.token_hex(16))
