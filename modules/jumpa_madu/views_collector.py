"""The collector's phone: today's route and the weighing form at the door."""

from __future__ import annotations

import secrets
from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from kiblat.modules.jumpa_madu.services import config, deposits, pickups
from kiblat.modules.jumpa_madu.services.errors import JumpaMaduError
from kiblat.modules.jumpa_madu.views_common import refused, render, user_id
from kiblat.platform.identity.sessions import permission_required
from kiblat.tenants.database import tenant_db


@permission_required("jumpa_madu.collect")
def route() -> str:
    try:
        day = date.fromisoformat(request.args.get("tanggal", ""))
    except ValueError:
        day = pickups.today()
    return render("route.html", day=day, stops=pickups.route(user_id(), day))


def weighings_from_form() -> list[deposits.Weighing]:
    found = []
    for category, _price in config.price_list():
        grams = deposits.parse_kg(request.form.get(f"kg_{category.key}", ""))
        if grams:
            found.append(deposits.Weighing(category.key, grams))
    return found


@permission_required("jumpa_madu.collect")
def weigh(pickup_id: int):  # noqa: ANN201
    pickup = pickups.get(pickup_id)
    if pickup is None or pickup.collector_user_id != user_id():
        abort(404)  # another collector's pickup is not even shown
    if request.method == "POST":
        try:
            deposit = deposits.record_deposit(
                pickup.nasabah_id, weighings_from_form(), request.form.get("key", ""), actor_id=user_id(),
                pickup_id=pickup.id, confirmed_heavy=request.form.get("confirm_heavy") == "1",
            )
        except JumpaMaduError as exc:
            tenant_db.session.rollback()
            refused(exc)
        else:
            flash(_("Setoran tercatat dan saldo nasabah sudah bertambah."))
            return redirect(url_for("jumpa_madu.receipt", deposit_id=deposit.id))
    return render("weigh.html", pickup=pickup, prices=config.price_list(), form=request.form,
                  key=request.form.get("key") or secrets.token_hex(16))
