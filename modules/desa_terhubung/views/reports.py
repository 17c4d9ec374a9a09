"""Exports: the status of every desa as CSV."""

from __future__ import annotations

from flask import Response

from kiblat.modules.desa_terhubung.services import exports


def status_csv() -> Response:
    return Response(exports.status_csv(), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="status-desa-terhubung.csv"'})
