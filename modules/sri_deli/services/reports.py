"""Reports: counts by type/status/month, processing time (average, p90), SLA compliance per OPD."""

from __future__ import annotations

import base64
import csv
import io
from collections import Counter, defaultdict
from datetime import UTC, datetime
from html import escape

from sqlalchemy import select

from kiblat.modules.sri_deli.models import APPROVED, REJECTED, Application, PermitType
from kiblat.modules.sri_deli.services import sla
from kiblat.modules.sri_deli.services.holidays import holiday_set
from kiblat.modules.sri_deli.services.queries import aware, pauses_of
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


def _percentile(values: list[int], pct: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return float(ordered[index])


def summary(now: datetime | None = None) -> dict:
    now = now or datetime.now(UTC)
    holidays, tz = holiday_set(), current_tenant.time_zone
    types = {t.id: t for t in tenant_db.session.scalars(select(PermitType))}
    by_type_status: Counter = Counter()
    by_month: Counter = Counter()
    durations: dict[str, list[int]] = defaultdict(list)
    on_time: Counter = Counter()
    decided: Counter = Counter()
    rows = tenant_db.session.execute(select(
        Application.permit_type_id, Application.status, Application.submitted_at, Application.decided_at,
        Application.pauses, Application.paused_at, Application.opd_short_name))
    for type_id, status, submitted, decided_at, pauses, paused_at, opd in rows:
        permit = types[type_id]
        submitted = aware(submitted)
        by_type_status[(permit.name, status)] += 1
        by_month[sla.local_date(submitted, tz).strftime("%Y-%m")] += 1
        if status in (APPROVED, REJECTED) and decided_at is not None:
            end = aware(decided_at)
            fake = Application(pauses=pauses, paused_at=paused_at)
            days = sla.elapsed_working_days(submitted, end, pauses_of(fake, end), tz, holidays)
            durations[opd].append(days)
            durations["*"].append(days)
            decided[opd] += 1
            if days <= permit.sla_days:
                on_time[opd] += 1
    per_opd = []
    for opd in sorted(k for k in durations if k != "*"):
        values = durations[opd]
        per_opd.append({"opd": opd, "decided": decided[opd], "average_days": round(sum(values) / len(values), 1),
                        "p90_days": _percentile(values, 90),
                        "sla_compliance_pct": round(100 * on_time[opd] / decided[opd], 1)})
    overall = durations["*"]
    return {
        "by_type_status": [{"permit": p, "status": s, "count": c} for (p, s), c in sorted(by_type_status.items())],
        "by_month": [{"month": m, "count": c} for m, c in sorted(by_month.items())],
        "per_opd": per_opd,
        "average_days": round(sum(overall) / len(overall), 1) if overall else None,
        "p90_days": _percentile(overall, 90),
        "sla_compliance_pct": round(100 * sum(on_time.values()) / len(overall), 1) if overall else None,
    }


def csv_text(data: dict | None = None) -> str:
    data = data or summary()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["bagian", "kunci", "status", "jumlah", "rata_rata_hari", "p90_hari", "kepatuhan_sla_persen"])
    for row in data["by_type_status"]:
        writer.writerow(["jenis_status", row["permit"], row["status"], row["count"], "", "", ""])
    for row in data["by_month"]:
        writer.writerow(["bulan", row["month"], "", row["count"], "", "", ""])
    for row in data["per_opd"]:
        writer.writerow(["opd", row["opd"], "", row["decided"], row["average_days"], row["p90_days"],
                         row["sla_compliance_pct"]])
    return out.getvalue()


def svg_chart(data: dict) -> str:
    """A bar chart of applications per month, as inline-safe SVG markup (no script, no style attribute)."""
    months = data["by_month"][-12:]
    top = max((m["count"] for m in months), default=1) or 1
    width, height, bar = 40 * max(len(months), 1) + 20, 160, 28
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height + 30}" '
             f'viewBox="0 0 {width} {height + 30}"><title>Permohonan per bulan</title>']
    for i, m in enumerate(months):
        h = round(height * m["count"] / top)
        x = 10 + i * 40
        parts.append(f'<rect x="{x}" y="{height - h}" width="{bar}" height="{h}" fill="#1d5d90"/>'
                     f'<text x="{x}" y="{height + 12}" font-size="9">{escape(m["month"][2:])}</text>'
                     f'<text x="{x}" y="{max(height - h - 2, 10)}" font-size="9">{m["count"]}</text>')
    parts.append("</svg>")
    return "".join(parts)


def svg_data_uri(data: dict) -> str:
    """The chart as a data: URI for an <img> (allowed by the Content Security Policy)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg_chart(data).encode()).decode()
