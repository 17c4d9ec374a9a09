"""Helpers shared by Kunjungan's views."""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from flask import abort, flash, render_template, request
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from kiblat.modules.kunjungan.models import Booking, Place
from kiblat.modules.kunjungan.services import clock, places
from kiblat.platform.calendar import holiday_name, is_peak_day
from kiblat.platform.identity.sessions import get_current_user, has_permission
from kiblat.platform.web.forms import error_messages

STATUS_LABELS = {"unpaid": _l("Belum dibayar"), "paid": _l("Lunas"), "cancelled": _l("Dibatalkan"),
                 "expired": _l("Kedaluwarsa")}
METHOD_LABELS = {"cash": _l("Tunai"), "qris": _l("QRIS"), "stripe": _l("online"), "": ""}


def hhmm(value: datetime) -> str:
    """``10.00`` in the regency's time zone (the way times are written in Indonesia)."""
    return clock.local(value).strftime("%H.%M")


def zone_name() -> str:
    return clock.now().astimezone(clock.zone()).strftime("%Z")


def day_long(day: date) -> str:
    """``Sabtu, 8 Maret 2031`` in the reader's language."""
    return format_date(day, "EEEE, d MMMM y")


def day_short(day: date) -> str:
    return format_date(day, "EEE d MMM")


def render(template: str, **context) -> str:  # noqa: ANN003
    return render_template(f"kunjungan/{template}", hhmm=hhmm, zone=zone_name(), status_labels=STATUS_LABELS,
                           method_labels=METHOD_LABELS, local=clock.local, day_long=day_long, day_short=day_short,
                           **context)


def place_or_404(key: str) -> Place:
    place = places.place_by_key(key)
    if place is None:
        abort(404)
    return place


def chosen_day(default: date | None = None) -> date:
    """The ``tanggal`` of the address (``YYYY-MM-DD``), else ``default`` or today."""
    raw = request.args.get("tanggal", "")[:10]
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return default or clock.today()


def upcoming_days(count: int = 14) -> list[tuple[date, bool, str | None]]:
    """(day, peak, holiday name) for the next days, for the date chips."""
    today = clock.today()
    days = [today + timedelta(days=offset) for offset in range(count)]
    return [(day, is_peak_day(day), holiday_name(day)) for day in days]


def new_key() -> str:
    return secrets.token_hex(16)


def checked(form: FlaskForm) -> bool:
    """Whether ``form`` was sent and is valid; its first problem is shown otherwise."""
    if not form.is_submitted():
        return False
    if form.validate():
        return True
    flash(error_messages(form)[0], "error")
    return False


def may_see(booking: Booking) -> bool:
    user = get_current_user()
    if user is None:
        return False
    return booking.user_id == user.id or has_permission("kunjungan.gate")
