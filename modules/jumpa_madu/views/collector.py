"""The collector's phone: today's route and the weighing form at the door."""

from __future__ import annotations

import secrets
from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from kiblat.modules.jumpa_madu.forms import WeighingForm, weighing_form
from kiblat.modules.jumpa_madu.services import config, deposits, pickups
from kiblat.modules.jumpa_madu.services.errors import JumpaMaduError
from kiblat.modules.jumpa_madu.views.common import checked, refused, render, user_id
from kiblat.platform.identity.sessions import permission_required
from kiblat.tenants.database import tenant_db


@permission_required("jumpa_madu.collect")
def route() -> str:
    try:
        day = date.fromisoformat(request.args.get("tanggal", ""))
    except ValueError:
        day = pickups.today()
    return render("route.html", day=day, stops=pickups.route(user_id(), day))


def new_weighing_form() -> WeighingForm:
    """A weighing form with a field per active category."""
    return weighing_form(c for c, _price in config.price_list())


def weighing_page(template: str, form: WeighingForm, **context) -> str:  # noqa: ANN003
    # A form shown for the first time gets its one-time key; a corrected one keeps it.
    form.key.data = form.key.data or secrets.token_hex(16)
    return render(template, prices=config.price_list(), form=form,
                  heavy_kg=config.policy().max_unconfirmed_grams // 1000, **context)


@permission_required("jumpa_madu.collect")
def weigh(pickup_id: int) -> Response | str:
    pickup = pickups.get(pickup_id)
    if pickup is None or pickup.collector_user_id != user_id():
        abort(404)  # another collector's pickup is not even shown
    form = new_weighing_form()
    if checked(form):
        try:
            deposit = deposits.record_deposit(
                pickup.nasabah_id, deposits.weighings(form.kilograms()), form.key.data, actor_id=user_id(),
                pickup_id=pickup.id, confirmed_heavy=form.confirm_heavy.data,
            )
        except JumpaMaduError as exc:
            tenant_db.session.rollback()
            refused(exc)
        else:
            flash(_("Setoran tercatat dan saldo nasabah sudah bertambah."))
            return redirect(url_for("jumpa_madu.receipt", deposit_id=deposit.id))
    return weighing_page("weigh.html", form, pickup=pickup)
