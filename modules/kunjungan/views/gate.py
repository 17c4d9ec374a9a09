"""The gate phone: scan or type a code, get a big green or red answer. The page's small
script answers offline from the day's list and uploads its scans when the signal is back;
without the script the same form still works online."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from flask import Response, current_app, jsonify, request, send_from_directory, url_for

from kiblat.modules.kunjungan.forms import ScanForm, SyncForm
from kiblat.modules.kunjungan.services import clock
from kiblat.modules.kunjungan.services import gate as gates
from kiblat.modules.kunjungan.views.common import chosen_day, new_key, place_or_404, render
from kiblat.platform.identity.sessions import get_current_user, permission_required
from kiblat.platform.web.forms import error_messages

MAX_SCANS_PER_UPLOAD = 5_000


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


@permission_required("kunjungan.gate")
def gate_page(place_key: str) -> Response | str:
    place = place_or_404(place_key)
    form = ScanForm()
    outcome = None
    if form.is_submitted():
        if form.validate():
            outcome = gates.scan(place, form.code.data or "", form.nonce.data or "", form.gate.data or "",
                                 form.direction.data, get_current_user().id)
        else:
            outcome = gates.ScanOutcome(gates.UNKNOWN, error_messages(form)[0])
        if _wants_json():
            return jsonify(outcome.as_json())
    fresh = ScanForm(formdata=None, gate=form.gate.data or "Gerbang 1", direction=form.direction.data or "in")
    fresh.nonce.data = new_key()
    return render("gate.html", place=place, form=fresh, outcome=outcome, sync_form=SyncForm(formdata=None),
                  list_url=url_for("kunjungan.gate_list", place_key=place.key, tanggal=clock.today().isoformat()),
                  sync_url=url_for("kunjungan.gate_sync", place_key=place.key),
                  worker_url=url_for("kunjungan.gate_worker"), worker_scope=url_for("kunjungan.index"),
                  conflicts=gates.recent_conflicts(place, 10))


def gate_worker() -> Response:
    """The service worker that keeps gate pages opening offline. Served from ``/kunjungan/``
    (a worker controls pages under its own folder only) and always revalidated."""
    response = send_from_directory(current_app.blueprints["kunjungan"].static_folder, "gate-sw.js",
                                   mimetype="text/javascript", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@permission_required("kunjungan.gate")
def gate_list(place_key: str) -> Response:
    place = place_or_404(place_key)
    day = chosen_day()
    response = jsonify({"place": place.key, "day": day.isoformat(), "tickets": gates.day_list(place, day)})
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _offline_scans(raw: str) -> list[gates.OfflineScan] | None:
    try:
        items = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(items, list) or len(items) > MAX_SCANS_PER_UPLOAD:
        return None
    scans = []
    for item in items:
        if not isinstance(item, dict):
            return None
        try:
            scanned_at = datetime.fromtimestamp(int(item.get("at")) / 1000, UTC)
        except (TypeError, ValueError, OverflowError, OSError):
            return None
        scans.append(gates.OfflineScan(str(item.get("nonce", ""))[:64], str(item.get("code", ""))[:200],
                                       str(item.get("gate", ""))[:40], str(item.get("direction", "in"))[:3],
                                       scanned_at, item.get("admitted", True) is not False))
    return scans


@permission_required("kunjungan.gate")
def gate_sync(place_key: str) -> Response | tuple[Response, int]:
    place = place_or_404(place_key)
    form = SyncForm()
    scans = _offline_scans(form.scans.data or "") if form.validate() else None
    if scans is None:
        return jsonify({"error": "Data pindaian luring tidak dapat dibaca."}), 400
    report = gates.sync(place, scans, get_current_user().id)
    conflicts = [{"holder": c["holder"], "ticket_type": c["ticket_type"], "gate": c["gate"],
                  "at": c["at"].strftime("%H.%M %Z"), "first_gate": c["first_gate"],
                  "first_at": c["first_at"].strftime("%H.%M %Z")} for c in report.conflicts]
    return jsonify({"received": report.received, "duplicates": report.duplicates, "conflicts": conflicts})
