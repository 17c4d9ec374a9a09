"""Pages for visitors: booking, their tickets, cancelling."""

from __future__ import annotations

from flask import render_template

from kiblat.modules.kunjungan.services import booking
from kiblat.platform.identity.sessions import get_current_user, login_required


@login_required
def my_tickets() -> str:
    return render_template("kunjungan/my_tickets.html", bookings=booking.of_user(get_current_user().id))
