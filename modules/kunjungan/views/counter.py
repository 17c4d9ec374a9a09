"""The counter (loket): find a booking by its code, take the money, sell walk-in tickets."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from kiblat.modules.kunjungan.forms import PayForm, walk_in_form
from kiblat.modules.kunjungan.services import booking, clock, places, slots
from kiblat.modules.kunjungan.services.errors import KunjunganError
from kiblat.modules.kunjungan.views.common import checked, new_key, place_or_404, render
from kiblat.platform.identity.audit.service import record
from kiblat.platform.identity.sessions import permission_required
from kiblat.tenants.database import tenant_db


@permission_required("kunjungan.gate")
def counter(place_key: str) -> Response | str:
    place = place_or_404(place_key)
    types = places.ticket_types(place.id)
    form = walk_in_form(types)
    if not form.is_submitted():
        form.request_key.data = new_key()
    if checked(form):
        order = booking.Order(form.slot.data, form.counts(), form.name.data, "", None, place.id)
        try:
            sold = booking.book(order, form.request_key.data or "", walk_in=True, paid_method=form.method.data)
        except KunjunganError as exc:
            tenant_db.session.rollback()
            flash(str(exc), "error")
        else:
            record("kunjungan.walk_in", "kunjungan_booking", sold.id, seats=sold.seats, total=sold.total)
            tenant_db.session.commit()
            flash(_("Tiket %(code)s terjual: %(n)s tiket.", code=sold.code, n=sold.seats))
            return redirect(url_for("kunjungan.booking_page", code=sold.code))
    code = request.args.get("kode", "").strip()[:12]
    found = booking.by_code(code) if code else None
    if found is not None and found.slot.place_id != place.id:
        found = None
    return render("counter.html", place=place, form=form, types=types, code=code, found=found, pay_form=PayForm(),
                  slots=slots.availability(place.id, clock.today(), walk_in=True))


@permission_required("kunjungan.gate")
def pay(code: str) -> Response:
    found = booking.by_code(code)
    if found is None:
        abort(404)
    form = PayForm()
    if checked(form):
        try:
            paid = booking.mark_paid(found.id, form.method.data)
        except KunjunganError as exc:
            flash(str(exc), "error")
        else:
            record("kunjungan.paid", "kunjungan_booking", paid.id, method=paid.paid_method, total=paid.total)
            tenant_db.session.commit()
            flash(_("Pembayaran %(code)s diterima.", code=paid.code))
    return redirect(url_for("kunjungan.counter", place_key=found.slot.place.key, kode=found.code))
