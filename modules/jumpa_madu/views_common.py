"""Helpers shared by the module's views."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, render_template, request

from kiblat.modules.jumpa_madu.chart import MONTHS
from kiblat.modules.jumpa_madu.models import Nasabah
from kiblat.modules.jumpa_madu.services import nasabah as nasabah_service
from kiblat.modules.jumpa_madu.services.errors import JumpaMaduError
from kiblat.modules.jumpa_madu.services.ledger import rupiah
from kiblat.modules.jumpa_madu.services.pickups import STATUS_LABELS
from kiblat.platform.identity.sessions import get_current_user

WITHDRAWAL_LABELS = {"requested": "Diajukan", "approved": "Disetujui", "paid": "Dibayar", "rejected": "Ditolak"}
ENTRY_LABELS = {"deposit": "Setoran sampah", "withdrawal": "Penarikan", "withdrawal_release": "Penarikan dibatalkan",
                "correction": "Koreksi"}


def kg(grams: int) -> str:
    return f"{grams / 1000:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def render(template: str, **context) -> str:  # noqa: ANN003
    return render_template(
        f"jumpa_madu/{template}", rupiah=rupiah, kg=kg, status_labels=STATUS_LABELS, months=MONTHS,
        withdrawal_labels=WITHDRAWAL_LABELS, entry_labels=ENTRY_LABELS, **context,
    )


def user_id() -> int:
    user = get_current_user()
    if user is None:
        abort(403)
    return user.id


def own_nasabah() -> Nasabah | None:
    user = get_current_user()
    return nasabah_service.of_user(user.id) if user else None


def refused(exc: JumpaMaduError) -> None:
    flash(str(exc), "error")


def form_int(name: str, default: int | None = None) -> int | None:
    raw = (request.form.get(name) or "").strip().replace(".", "").replace(" ", "")
    if not raw:
        return default
    if not raw.lstrip("-").isdigit():
        raise JumpaMaduError("Isi angka bulat tanpa koma.")
    return int(raw)


def form_date(name: str) -> date:
    try:
        return date.fromisoformat(request.form.get(name) or request.args.get(name) or "")
    except ValueError:
        raise JumpaMaduError("Tanggal tidak valid.") from None


def form_float(name: str) -> float | None:
    raw = (request.form.get(name) or "").strip().replace(",", ".")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        raise JumpaMaduError("Titik peta harus berupa angka.") from None
