"""Pages for visitors: choosing a slot and booking, their tickets, cancelling."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, url_for
from flask_babel import gettext as _

from kiblat.modules.kunjungan.forms import CancelForm, PayOnlineForm, booking_form
from kiblat.modules.kunjungan.services import booking, notify, online, places, slots, tickets
from kiblat.modules.kunjungan.services.errors import KunjunganError
from kiblat.modules.kunjungan.views.common import (
    checked,
    chosen_day,
    may_see,
    new_key,
    place_or_404,
    render,
    upcoming_days,
)
from kiblat.modules.kunjungan.views.online import to_checkout
from kiblat.platform.identity.sessions import get_current_user, login_required
from kiblat.platform.uploads import send_download
from kiblat.tenants.database import tenant_db


def index() -> str:
    return render("index.html", places=places.places())


@login_required
def book(place_key: str) -> Response | str:
    place = place_or_404(place_key)
    user = get_current_user()
    types = places.ticket_types(place.id)
    form = booking_form(types)
    can_pay_online = online.available()
    if not form.is_submitted():
        form.name.data, form.email.data, form.request_key.data = user.name, user.email or "", new_key()
    if checked(form):
        order = booking.Order(form.slot.data, form.counts(), form.name.data, form.email.data or "", user.id, place.id)
        try:
            made = booking.book(order, form.request_key.data or "",
                                pay_online=can_pay_online and bool(form.bayar_online.data))
        except KunjunganError as exc:
            tenant_db.session.rollback()
            flash(str(exc), "error")
        else:
            notify.booked(made, url_for("kunjungan.booking_page", code=made.code, _external=True))
            flash(_("Pemesanan %(code)s tersimpan: %(n)s tiket.", code=made.code, n=made.seats))
            if made.pay_online and online.payable(made):
                return to_checkout(made)
            return redirect(url_for("kunjungan.booking_page", code=made.code))
    chosen_slot = slots.get(form.slot.data) if form.slot.data else None
    day = chosen_day(chosen_slot and chosen_slot.starts_at.date())
    return render("book.html", place=place, form=form, types=types, day=day, days=upcoming_days(),
                  can_pay_online=can_pay_online,
                  slots=slots.availability(place.id, day))


def _own_booking(code: str):  # noqa: ANN202
    found = booking.by_code(code)
    if found is None or not may_see(found):
        abort(404)
    return found


@login_required
def booking_page(code: str) -> str:
    found = _own_booking(code)
    codes = {t.id: tickets.qr_svg(t) for t in found.tickets} if booking.tickets_issued(found) else {}
    return render("booking.html", booking=found, codes=codes, cancel_form=CancelForm(),
                  refund=booking.refund_due(found), pay_form=PayOnlineForm(),
                  payable=online.payable(found) and found.user_id == get_current_user().id)


@login_required
def booking_pdf(code: str) -> Response:
    found = _own_booking(code)
    if not booking.tickets_issued(found):
        abort(404)
    return send_download(tickets.pdf(found), download_name=f"tiket-{found.code}.pdf", media_type="application/pdf",
                         inline=True)


@login_required
def booking_ics(code: str) -> Response:
    found = _own_booking(code)
    text = tickets.ics(found, url_for("kunjungan.booking_page", code=found.code, _external=True))
    return send_download(text.encode(), download_name=f"kunjungan-{found.code}.ics", media_type="text/calendar")


@login_required
def cancel(code: str) -> Response:
    found = _own_booking(code)
    form = CancelForm()
    if checked(form):
        try:
            cancelled = booking.cancel(found.id, form.reason.data or "", by_staff=found.user_id != get_current_user().id,
                                       user_id=get_current_user().id)
        except KunjunganError as exc:
            flash(str(exc), "error")
        else:
            notify.cancelled(cancelled, booking.refund_due(cancelled))
            flash(_("Pemesanan %(code)s dibatalkan.", code=cancelled.code))
    return redirect(url_for("kunjungan.booking_page", code=found.code))


@login_required
def my_tickets() -> str:
    return render("my_tickets.html", bookings=booking.of_user(get_current_user().id))
