"""The public side: how to report, the report form (no account, no JavaScript), and the
reporter's return with the receipt code. The code only ever travels in POST bodies, so it is
in no URL, no request log and no browser history."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, request
from flask_babel import format_date
from flask_babel import gettext as _

from kiblat.modules.mesra.forms import CodeForm, ReplyForm, ReportForm
from kiblat.modules.mesra.services import cases, reports, reveal, schools, sra, statistics
from kiblat.modules.mesra.services.errors import MesraError
from kiblat.modules.mesra.services.labels import FORMS, LEVELS
from kiblat.modules.mesra.services.settings import file_max_bytes
from kiblat.modules.mesra.views.common import checked, render, upload_of
from kiblat.platform import throttle
from kiblat.platform.identity.sessions import get_current_user, has_permission
from kiblat.platform.maps import LegendItem, MapPoint, centroids, regency_map
from kiblat.platform.throttle import Limit
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

# Receipt-code attempts per address: a reporter mistyping is never near it; a script is.
RECEIPT_IP = Limit("mesra-receipt", 10, 15 * 60)


def index() -> str:
    # Links only to pages that would open: the case pages admit a TPPK or Satgas member (never
    # the regency admin by that role alone), the custody page only a custodian.
    user = get_current_user()
    can = {"mesra.handle": cases.handler_for(user) is not None, "mesra.manage": has_permission("mesra.manage"),
           "mesra.custody": has_permission("mesra.custody") and reveal.is_custodian(user)}
    return render("index.html", code_form=CodeForm(), can=can)


def report_new() -> str:
    form = ReportForm()
    if checked(form):
        new = reports.NewReport(
            school_id=form.school.data, violence_form=form.violence_form.data or "", what=form.what.data or "",
            when=form.when.data or "", who=form.who.data or "", accused=form.accused.data or "lainnya",
            satgas_only=bool(form.satgas_only.data), name=form.name.data or "", contact=form.contact.data or "",
            relation=form.relation.data or "")
        try:
            report, code = reports.submit(new, upload_of(form.evidence.data, file_max_bytes()), file_max_bytes())
            return render("receipt.html", code=code, report=report)
        except MesraError as exc:
            tenant_db.session.rollback()
            flash(str(exc), "error")
    return render("report_form.html", form=form, schools=schools.all_schools(),
                  kecamatan=schools.kecamatan_names())


def _address() -> str:
    return request.remote_addr or "unknown"


def _report_for(code: str | None):  # noqa: ANN202
    """The report of a code; 429 after too many wrong codes, the same 404 page for every miss."""
    if throttle.retry_after(RECEIPT_IP, _address(), current_tenant.slug):
        abort(429, _("Terlalu banyak kode yang salah dari alamat Anda. Coba lagi nanti."))
    report = reports.by_code(code)
    if report is None:
        throttle.hit(RECEIPT_IP, _address(), current_tenant.slug)
        return None
    return report


def _status(report, code: str, form: ReplyForm | None = None) -> str:  # noqa: ANN001
    reply_form = form or ReplyForm(formdata=None, code=code)
    reply_form.code.data = code
    return render("status.html", report=report, code=code, form=reply_form,
                  thread=reports.thread(report, include_notes=False))


def lookup() -> tuple[str, int] | str:
    form = CodeForm()
    if not checked(form):
        return render("lookup.html", form=form)
    report = _report_for(form.code.data)
    if report is None:
        return render("lookup.html", form=form, not_found=True), 404
    return _status(report, reports.normalise_code(form.code.data))


def reply() -> tuple[str, int] | str:
    form = ReplyForm()
    if not form.is_submitted() or not form.code.data:
        return render("lookup.html", form=CodeForm(), not_found=True), 404
    report = _report_for(form.code.data)
    if report is None:
        return render("lookup.html", form=CodeForm(), not_found=True), 404
    code = reports.normalise_code(form.code.data)
    if checked(form):
        try:
            reports.reporter_reply(report, form.body.data or "", upload_of(form.evidence.data, file_max_bytes()),
                                   file_max_bytes())
            flash(_("Pesan Anda sudah terkirim."))
            return _status(report, code)
        except MesraError as exc:
            tenant_db.session.rollback()
            flash(str(exc), "error")
    return _status(report, code, form)


# Verified SRA status on the map: red (not yet) to green (SRA); grey for schools not yet verified.
SRA_COLOURS = {"belum": "#d73027", "rintisan": "#fc8d59", "berkembang": "#91bfdb", "sra": "#1a9850"}
NOT_ASSESSED = "#999999"


def _school_map(coloured: list, title: str, legend: list[LegendItem]) -> str | None:  # noqa: ANN001
    """Schools as points on the regency's kecamatan map: at their coordinates, or in the middle
    of their kecamatan when they have none."""
    middles = centroids(within=current_tenant.region_code, level=2)  # the kecamatan
    points = []
    for school, fill in coloured:
        lat, lng = (school.latitude, school.longitude) if school.latitude is not None else \
            middles.get(school.kecamatan_code, (None, None))
        if lat is not None:
            points.append(MapPoint(lat, lng, fill=fill, title=school.name))
    try:
        return regency_map(current_tenant.region_code, level="kecamatan", points=points, title=title, legend=legend)
    except (LookupError, ValueError):
        return None


def statistics_page() -> str:
    """Public statistics with small counts suppressed, the map of schools by TPPK status and the
    map of their verified child-friendly school (SRA) status."""
    today = reports.now().date()
    places = schools.kecamatan_names()
    svg = _school_map([(school, "#1a9850" if in_order else "#d73027")
                       for school, in_order in statistics.school_points(today)],
                      _("Sebaran sekolah"), [LegendItem("#1a9850", _("TPPK lengkap")),
                                             LegendItem("#d73027", _("TPPK perlu dilengkapi"))])
    sra_svg = _school_map([(school, SRA_COLOURS[found.status] if found is not None else NOT_ASSESSED)
                           for school, found in sra.public_profiles()],
                          _("Status Sekolah Ramah Anak"),
                          [*(LegendItem(colour, _(sra.STATUSES[key])) for key, colour in SRA_COLOURS.items()),
                           LegendItem(NOT_ASSESSED, _("Belum diverifikasi"))])
    stats = statistics.summary()
    tables = {
        "month": {format_date(date(int(k[:4]), int(k[5:]), 1), "MMMM yyyy"): v for k, v in stats.per_month.items()},
        "form": {_(FORMS[k]): v for k, v in stats.per_form.items()},
        "level": {_(LEVELS[k]): v for k, v in stats.per_level.items()},
        "kecamatan": {places.get(k, k): v for k, v in stats.per_kecamatan.items()},
    }
    return render("statistics.html", stats=stats, tables=tables, map_svg=svg, sra_map_svg=sra_svg)
