"""Village operators register their neighbours and request pickups for them."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kiblat.modules.jumpa_madu.forms import NeighbourForm, pickup_form
from kiblat.modules.jumpa_madu.services import config, nasabah
from kiblat.modules.jumpa_madu.services.errors import JumpaMaduError
from kiblat.modules.jumpa_madu.views.citizen import pickup_page, submit_pickup
from kiblat.modules.jumpa_madu.views.common import checked, refused, render
from kiblat.platform.identity.sessions import get_current_user, permission_required
from kiblat.tenants.database import tenant_db


@permission_required("citizen.assist")
def register() -> Response | str:
    operator = get_current_user()
    form = NeighbourForm()
    if checked(form):
        try:
            book = nasabah.register_for_citizen(
                operator, name=form.name.data or "", phone=form.phone.data or "",
                desa_code=operator.desa_code or "", address=form.address.data or "",
                nik=form.nik.data or None, email=form.email.data or None,
            )
        except JumpaMaduError as exc:
            tenant_db.session.rollback()
            refused(exc)
        else:
            flash(_("Nasabah terdaftar dengan nomor rekening %(number)s.", number=book.account_no))
            return redirect(url_for("jumpa_madu.operator_pickup", rekening=book.account_no))
    return render("operator_register.html", operator=operator, form=form)


@permission_required("citizen.assist")
def pickup() -> Response | str:
    operator = get_current_user()
    # The nasabah is chosen by account number in the address (the search form is a GET).
    account_no = request.args.get("rekening", "").strip()[:40]
    book = nasabah.by_account_no(account_no) if account_no else None
    if book is not None and book.desa_code != operator.desa_code:
        abort(404)  # only the operator's own desa
    form = pickup_form(c for c, _price in config.price_list())
    if book is not None and checked(form):
        try:
            created = submit_pickup(book, form)
        except JumpaMaduError as exc:
            tenant_db.session.rollback()
            refused(exc)
        else:
            flash(_("Permintaan penjemputan #%(id)s untuk %(name)s terkirim.", id=created.id, name=book.user.name))
            return redirect(url_for("jumpa_madu.operator_pickup"))
    return pickup_page(book, url_for("jumpa_madu.operator_pickup", rekening=account_no), form, operator=True)
