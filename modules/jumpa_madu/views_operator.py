"""Village operators register their neighbours and request pickups for them."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from kiblat.modules.jumpa_madu.services import config, nasabah, pickups
from kiblat.modules.jumpa_madu.services.errors import JumpaMaduError
from kiblat.modules.jumpa_madu.views import _submit_pickup
from kiblat.modules.jumpa_madu.views_common import refused, render
from kiblat.platform.identity.sessions import get_current_user, permission_required
from kiblat.tenants.database import tenant_db


@permission_required("citizen.assist")
def register():  # noqa: ANN201
    operator = get_current_user()
    if request.method == "POST":
        try:
            book = nasabah.register_for_citizen(
                operator, name=request.form.get("name", ""), phone=request.form.get("phone", ""),
                desa_code=operator.desa_code or "", address=request.form.get("address", ""),
                nik=request.form.get("nik") or None, email=request.form.get("email") or None,
            )
        except JumpaMaduError as exc:
            tenant_db.session.rollback()
            refused(exc)
        else:
            flash(_("Nasabah terdaftar dengan nomor rekening %(number)s.", number=book.account_no))
            return redirect(url_for("jumpa_madu.operator_pickup", rekening=book.account_no))
    return render("operator_register.html", operator=operator, form=request.form)


@permission_required("citizen.assist")
def pickup():  # noqa: ANN201
    operator = get_current_user()
    account_no = request.values.get("rekening", "")
    book = nasabah.by_account_no(account_no) if account_no else None
    if book is not None and book.desa_code != operator.desa_code:
        abort(404)  # only the operator's own desa
    if request.method == "POST" and book is not None:
        try:
            created = _submit_pickup(book)
        except JumpaMaduError as exc:
            tenant_db.session.rollback()
            refused(exc)
        else:
            flash(_("Permintaan penjemputan #%(id)s untuk %(name)s terkirim.", id=created.id, name=book.user.name))
            return redirect(url_for("jumpa_madu.operator_pickup"))
    return render("pickup_form.html", book=book, windows=config.windows(), prices=config.price_list(),
                  today=pickups.today(), form=request.form, operator=True,
                  action=url_for("jumpa_madu.operator_pickup", rekening=account_no))
