"""The museum's statistics as open data (the manifest's ``open_datasets``): counts only, never a
visitor or a donor. Satu Data, where enabled, finds the builder in the registry."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from kiblat.modules.kenang_lemu.models import MuseumObject
from kiblat.modules.kenang_lemu.services import museum
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


def yearly_figures() -> dict:
    """Per month of this year: paid visitors (from Kunjungan) and objects catalogued by the end of it."""
    zone = ZoneInfo(current_tenant.time_zone)
    year = datetime.now(zone).year
    figures = museum.year_figures(year)
    created = [c.astimezone(zone) if c.tzinfo else c.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone)
               for c in tenant_db.session.scalars(select(MuseumObject.created_at))]
    rows = []
    for month, visitors in figures.visitors_by_month:
        catalogued = sum(1 for c in created if (c.year, c.month) <= (year, month))
        rows.append([f"{year}-{month:02d}", str(visitors), str(catalogued)])
    return {
        "variables": [
            {"name": "bulan", "definition": "Bulan (TTTT-BB)", "unit": "", "type": "teks"},
            {"name": "pengunjung", "definition": "Tiket kunjungan museum yang dibayar", "unit": "orang",
             "type": "bilangan"},
            {"name": "koleksi_tercatat", "definition": "Koleksi tercatat di katalog sampai akhir bulan",
             "unit": "benda", "type": "bilangan"},
        ],
        "rows": rows,
    }
