"""The weighing post: picked fruit weighed and sold at the day's price, with a receipt."""

from __future__ import annotations

import secrets

from flask import Response, abort, flash, redirect, url_for
from flask_babel import gettext as _

from kiblat.modules.taman_buah.forms import weighing_form
from kiblat.modules.taman_buah.services import harvest, sales
from kiblat.modules.taman_buah.services.errors import TamanBuahError
from kiblat.modules.taman_buah.views.common import checked, render
from kiblat.platform.identity.sessions import get_current_user, permission_required
from kiblat.tenants.database import tenant_db


@permission_required("taman_buah.weigh")
def weigh() -> Response | str:
    fruits = harvest.commodities()
    form = weighing_form(fruits)
    if not form.is_submitted():
        form.request_key.data = secrets.token_hex(16)
    if checked(form):
        try:
            names = {fruit.key: fruit.name for fruit in fruits}
            weighed = [sales.Weighing(key, sales.parse_kg(raw, names.get(key, key)))
                       for key, raw in form.kilograms().items()]
            sale = sales.record_sale(weighed, form.request_key.data or "", booking_code=form.booking_code.data or "",
                                     visitor_name=form.visitor_name.data or "", actor_id=get_current_user().id)
        except TamanBuahError as exc:
            tenant_db.session.rollback()
            flash(str(exc), "error")
        else:
            flash(_("Penjualan #%(id)s tersimpan.", id=sale.id))
            return redirect(url_for("taman_buah.receipt", sale_id=sale.id))
    return render("weigh.html", form=form, fruits=fruits, prices={f.id: harvest.current_price(f.id) for f in fruits})


@permission_required("taman_buah.weigh")
def receipt(sale_id: int) -> str:
    sale = sales.get(sale_id)
    if sale is None:
        abort(404)
    return render("receipt.html", sale=sale)
