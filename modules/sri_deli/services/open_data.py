"""Sri Deli's statistics as open data (the manifest's ``open_datasets``): counts only, never
an applicant."""

from __future__ import annotations

from collections import Counter
from zoneinfo import ZoneInfo

from sqlalchemy import select

from kiblat.modules.sri_deli.models import APPROVED, Application, PermitType
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


def permits_per_month() -> dict:
    """Permits issued per month, per permit type and OPD."""
    zone = ZoneInfo(current_tenant.time_zone)
    counts: Counter = Counter()
    rows = tenant_db.session.execute(
        select(Application.decided_at, PermitType.name, Application.opd_short_name)
        .join(PermitType, Application.permit_type_id == PermitType.id)
        .where(Application.status == APPROVED, Application.decided_at.is_not(None)))
    for decided_at, permit_name, opd in rows:
        counts[(decided_at.astimezone(zone).strftime("%Y-%m"), permit_name, opd)] += 1
    return {
        "variables": [
            {"name": "bulan", "definition": "Bulan terbit (TTTT-BB)", "unit": "", "type": "teks"},
            {"name": "jenis_izin", "definition": "Jenis izin", "unit": "", "type": "teks"},
            {"name": "opd", "definition": "OPD penerbit", "unit": "", "type": "teks"},
            {"name": "jumlah", "definition": "Jumlah izin terbit", "unit": "izin", "type": "bilangan"},
        ],
        "rows": [[month, name, opd, n] for (month, name, opd), n in sorted(counts.items())],
    }
