"""DLH reports: page with an SVG chart, and CSV downloads."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from flask import Response, abort, request
from flask_babel import gettext as _

from kiblat.modules.jumpa_madu.services import reports
from kiblat.modules.jumpa_madu.services.chart import bar_chart, month_abbreviations
from kiblat.modules.jumpa_madu.views.common import render
from kiblat.platform.identity.sessions import permission_required
from kiblat.platform.uploads import send_download


def _year() -> int:
    year = request.args.get("tahun", type=int) or datetime.now(UTC).year
    return min(max(year, 2000), 2100)


@permission_required("jumpa_madu.report")
def report() -> str:
    year = _year()
    return render("report.html", year=year, chart=bar_chart(reports.monthly_grams(year), _("Kg sampah per bulan {year}").format(year=year)),
                  by_category=reports.grams_by_category_month(year), by_area=reports.grams_by_area(year),
                  paid=reports.paid_out_by_month(year), activity=reports.activity())


@permission_required("jumpa_madu.report")
def report_csv() -> Response:
    year, kind = _year(), request.args.get("jenis", "kategori")
    months, out = month_abbreviations(), io.StringIO()
    writer = csv.writer(out)
    if kind == "kategori":
        writer.writerow(["bulan", "jenis_sampah", "kg", "rupiah"])
        for month, name, grams, amount in reports.grams_by_category_month(year):
            writer.writerow([months[month - 1], name, f"{grams / 1000:.3f}", amount])
    elif kind == "wilayah":
        writer.writerow(["kecamatan", "desa", "kg", "setoran"])
        for row in reports.grams_by_area(year):
            writer.writerow([row.kecamatan, row.desa, f"{row.grams / 1000:.3f}", row.deposits])
    elif kind == "pembayaran":
        writer.writerow(["bulan", "penarikan_dibayar", "rupiah"])
        for month, count, amount in reports.paid_out_by_month(year):
            writer.writerow([months[month - 1], count, amount])
    else:
        abort(404)
    return send_download(out.getvalue().encode(), download_name=f"jumpa-madu-{kind}-{year}.csv",
                         media_type="text/csv; charset=utf-8")
