"""Statistics for the Dinas and the public, built from the plain counting columns only (never
from content). Every count shown to the public goes through :func:`suppress`: a cell under
:data:`THRESHOLD` shows "< 5", so no child can be picked out of a small school or month."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from kiblat.modules.mesra.models import Report, School
from kiblat.modules.mesra.services.cases import _aware
from kiblat.modules.mesra.services.reports import now
from kiblat.modules.mesra.services.schools import tppk_warnings
from kiblat.tenants.database import tenant_db

THRESHOLD = 5
SUPPRESSED = "< 5"


def suppress(count: int) -> str:
    return SUPPRESSED if count < THRESHOLD else str(count)


def suppress_table(counts: dict) -> dict:
    return {key: suppress(value) for key, value in counts.items()}


@dataclass(frozen=True)
class Summary:
    total: str
    per_month: dict[str, str]
    per_form: dict[str, str]
    per_level: dict[str, str]
    per_kecamatan: dict[str, str]
    average_days: float | None  # None when fewer than THRESHOLD cases are closed
    overdue_share: int | None  # percent; None when fewer than THRESHOLD cases are open


def summary(at: datetime | None = None) -> Summary:
    at = at or now()
    rows = tenant_db.session.execute(select(
        Report.created_at, Report.violence_form, Report.stage, Report.stage_due, Report.closed_at,
        School.level, School.kecamatan_code).join(School, School.id == Report.school_id)).all()
    months = Counter(_aware(r.created_at).strftime("%Y-%m") for r in rows)
    closed = [(_aware(r.closed_at) - _aware(r.created_at)).total_seconds() / 86400 for r in rows if r.closed_at]
    open_rows = [r for r in rows if r.stage != "closed"]
    overdue = sum(1 for r in open_rows if _aware(r.stage_due) < at)
    return Summary(
        total=suppress(len(rows)),
        per_month=suppress_table(dict(sorted(months.items()))),
        per_form=suppress_table(Counter(r.violence_form for r in rows)),
        per_level=suppress_table(Counter(r.level for r in rows)),
        per_kecamatan=suppress_table(Counter(r.kecamatan_code for r in rows)),
        average_days=round(sum(closed) / len(closed), 1) if len(closed) >= THRESHOLD else None,
        overdue_share=round(100 * overdue / len(open_rows)) if len(open_rows) >= THRESHOLD else None,
    )


def school_points(today) -> list[tuple[School, bool]]:  # noqa: ANN001
    """Schools with a map position and whether their TPPK is in order."""
    schools = tenant_db.session.scalars(select(School).order_by(School.name))
    return [(s, not tppk_warnings(s, today)) for s in schools]
