"""Reports for a place's managers: visitors per day, slot and ticket type, revenue, no-shows."""

from __future__ import annotations

from datetime import timedelta

from kiblat.modules.kunjungan.services import clock, reports
from kiblat.modules.kunjungan.services import gate as gates
from kiblat.modules.kunjungan.views.common import chosen_day, place_or_404, render
from kiblat.platform.identity.sessions import permission_required


@permission_required("kunjungan.manage")
def report(place_key: str) -> str:
    place = place_or_404(place_key)
    day = chosen_day()
    start, end = day - timedelta(days=13), day + timedelta(days=7)
    days = reports.visitors_per_day(place.id, start, end)
    peak = max((d.booked for d in days), default=0)
    return render("report.html", place=place, day=day, days=days, peak=peak,
                  types=reports.per_type(place.id, start, end), slots=reports.per_slot(place.id, day),
                  conflicts=gates.recent_conflicts(place), today=clock.today())
