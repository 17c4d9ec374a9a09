"""Jus Melon's statistics as open data (the manifest's ``open_datasets``): counts only, never
a business owner."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from kiblat.modules.jus_melon.models.business import ISSUED, Business
from kiblat.tenants.database import tenant_db


def iumk_per_kecamatan() -> dict:
    """IUMK issued per kecamatan and scale (mikro/kecil)."""
    counts: Counter = Counter(tenant_db.session.execute(
        select(Business.kecamatan_code, Business.scale).where(Business.status == ISSUED)).all())
    return {
        "variables": [
            {"name": "kode_kecamatan", "definition": "Kode Kemendagri kecamatan", "unit": "", "type": "kode_wilayah"},
            {"name": "skala", "definition": "Skala usaha (mikro atau kecil)", "unit": "", "type": "teks"},
            {"name": "jumlah", "definition": "Jumlah IUMK terbit", "unit": "izin", "type": "bilangan"},
        ],
        "rows": [[kec, scale, n] for (kec, scale), n in sorted(counts.items())],
    }
