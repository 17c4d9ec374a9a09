"""Jumpa Madu's statistics as open data (the manifest's ``open_datasets``): weights only,
never a nasabah."""

from __future__ import annotations

from collections import Counter
from zoneinfo import ZoneInfo

from sqlalchemy import select

from kiblat.modules.jumpa_madu.models.config import WasteCategory
from kiblat.modules.jumpa_madu.models.operations import WasteDeposit, WasteDepositLine
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db


def kg_per_category_per_kecamatan() -> dict:
    """Kilograms collected per month, waste category and kecamatan."""
    zone = ZoneInfo(current_tenant.time_zone)
    grams: Counter = Counter()
    rows = tenant_db.session.execute(
        select(WasteDeposit.weighed_at, WasteDeposit.desa_code, WasteCategory.name, WasteDepositLine.grams)
        .join(WasteDepositLine, WasteDepositLine.deposit_id == WasteDeposit.id)
        .join(WasteCategory, WasteDepositLine.category_id == WasteCategory.id))
    for weighed_at, desa_code, category, line_grams in rows:
        kecamatan = desa_code.rsplit(".", 1)[0]
        grams[(weighed_at.astimezone(zone).strftime("%Y-%m"), kecamatan, category)] += line_grams
    return {
        "variables": [
            {"name": "bulan", "definition": "Bulan penimbangan (TTTT-BB)", "unit": "", "type": "teks"},
            {"name": "kode_kecamatan", "definition": "Kode Kemendagri kecamatan", "unit": "", "type": "kode_wilayah"},
            {"name": "kategori", "definition": "Kategori sampah", "unit": "", "type": "teks"},
            {"name": "berat_kg", "definition": "Berat sampah terkumpul", "unit": "kg", "type": "desimal"},
        ],
        "rows": [[month, kec, category, f"{g / 1000:.3f}"] for (month, kec, category), g in sorted(grams.items())],
    }
