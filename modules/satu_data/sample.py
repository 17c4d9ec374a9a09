"""A few realistic rows of every kind Satu Data stores (demos and the cross-tenant probe)."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from kiblat.modules.satu_data.models import DataPlan, LivingDataset
from kiblat.modules.satu_data.services import datasets, review
from kiblat.modules.satu_data.services.access import PRODUCE, WALIDATA
from kiblat.modules.satu_data.services.demo import ensure_demo
from kiblat.platform.identity.models import Opd
from kiblat.platform.modular.manifest import DemoLogin
from kiblat.platform.uploads.tables import check_table_upload
from kiblat.tenants.context import TenantInfo, current_tenant
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Kecamatan

VARIABLES = [
    {"name": "kode_kecamatan", "definition": "Kode Kemendagri kecamatan", "unit": "", "type": "kode_wilayah"},
    {"name": "tahun", "definition": "Tahun pencatatan", "unit": "tahun", "type": "bilangan"},
    {"name": "jumlah", "definition": "Jumlah puskesmas yang beroperasi", "unit": "unit", "type": "bilangan"},
]


class _SampleUser:
    """Sample rows are made by the system, not by a signed-in person."""

    id = None
    name = "Sistem"

    def __init__(self, opd_id: int) -> None:
        self.opd_id = opd_id


def sample_table(years: tuple[int, ...] = (2023, 2024)) -> bytes:
    codes = list(tenant_db.session.scalars(select(Kecamatan.code).order_by(Kecamatan.code).limit(5)))
    lines = ["kode_kecamatan,tahun,jumlah"]
    lines += [f"{code},{year},{(index % 3) + 1 + year % 2}" for year in years for index, code in enumerate(codes)]
    return ("\n".join(lines) + "\n").encode()


def sample_data(marker: str) -> None:
    session = tenant_db.session
    opd = Opd(name=f"{marker} Dinas Kesehatan {secrets.token_hex(4)}", short_name=f"DINKES{secrets.token_hex(4)}")
    session.add(opd)
    session.flush()
    plan = DataPlan(opd_id=opd.id, title=f"{marker} Jumlah puskesmas per kecamatan", frequency="tahunan",
                    priority=True)
    session.add(plan)
    session.add(LivingDataset(key=f"sampel.{secrets.token_hex(3)}", opd_id=opd.id, last_error=marker))
    session.flush()
    user, permissions = _SampleUser(opd.id), frozenset({PRODUCE, WALIDATA})
    meta = {"title": f"{marker} Jumlah puskesmas per kecamatan", "notes": f"{marker} data fasilitas kesehatan",
            "topic": "kesehatan", "frequency": "tahunan", "tags": ["kesehatan", "puskesmas"],
            "temporal_start": 2023, "temporal_end": 2024, "spatial": current_tenant.region_code,
            "contact": f"{marker} Seksi Data", "variables": VARIABLES}
    dataset = datasets.create_dataset(user, permissions, meta, name=f"sampel-{secrets.token_hex(4)}",
                                      plan_id=plan.id)
    version = dataset.versions[0]
    datasets.store_table(version, check_table_upload(sample_table(), f"{marker}.csv"), f"{marker} tabel")
    datasets.submit(version, user, permissions, note=f"{marker} mohon diperiksa")
    review.publish_version(version, None)


DEMO_PASSWORDS = {"walidata": "walidata-demo-2026", "produsen": "produsen-demo-2026"}


def demo_logins(tenant: TenantInfo) -> list[DemoLogin]:
    """A walidata and a data producer, with the demo's OPDs, data plan and published datasets."""
    return [DemoLogin(who, email, password)
            for who, email, password in ensure_demo(DEMO_PASSWORDS["walidata"], DEMO_PASSWORDS["produsen"])]
