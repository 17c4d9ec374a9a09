"""Demo content for ``kiblat demo setup``: the OPDs, a walidata and a produsen data with known
passwords, a data plan, two published datasets and the modules' living datasets."""

from __future__ import annotations

from sqlalchemy import select

from kiblat.modules.satu_data.models import DataPlan, Dataset
from kiblat.modules.satu_data.services import datasets, living, review
from kiblat.modules.satu_data.services.access import PRODUCE, WALIDATA
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.identity.models import Opd, User
from kiblat.platform.uploads.tables import check_table_upload
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Kecamatan

KECAMATAN_VARIABLE = {"name": "kode_kecamatan", "definition": "Kode Kemendagri kecamatan", "unit": "",
                      "type": "kode_wilayah"}
YEAR_VARIABLE = {"name": "tahun", "definition": "Tahun pencatatan", "unit": "tahun", "type": "bilangan"}
DEMO_DATASETS = (
    ("DINKES", "Dinas Kesehatan", "Jumlah puskesmas per kecamatan", "kesehatan", ("kesehatan", "puskesmas"),
     {"name": "jumlah_puskesmas", "definition": "Puskesmas yang beroperasi", "unit": "unit", "type": "bilangan"}),
    ("DISDIK", "Dinas Pendidikan", "Jumlah sekolah dasar per kecamatan", "pendidikan", ("pendidikan", "sekolah"),
     {"name": "jumlah_sd", "definition": "Sekolah dasar negeri dan swasta", "unit": "sekolah", "type": "bilangan"}),
)


def _opd(short_name: str, name: str) -> Opd:
    found = tenant_db.session.scalar(select(Opd).where(Opd.short_name == short_name))
    if found is None:
        found = Opd(name=name, short_name=short_name)
        tenant_db.session.add(found)
        tenant_db.session.flush()
    return found


def _user(email: str, name: str, role: str, opd: Opd, password: str) -> User:
    user = tenant_db.session.scalar(select(User).where(User.email == email))
    return user or create_user(name=name, role=role, email=email, password=password, opd_id=opd.id)


def _table(variable: dict, factor: int) -> bytes:
    codes = tenant_db.session.scalars(select(Kecamatan.code).order_by(Kecamatan.code))
    lines = [f"kode_kecamatan,tahun,{variable['name']}"]
    for index, code in enumerate(codes):
        for year in (2023, 2024):
            lines.append(f"{code},{year},{(index * 7 + year) % 5 + factor}")
    return ("\n".join(lines) + "\n").encode()


def ensure_demo(walidata_password: str, producer_password: str) -> list[tuple[str, str, str]]:
    """Idempotent; returns ``(role label, email, password)`` of the demo logins."""
    slug = current_tenant.slug
    kominfo = _opd("DISKOMINFO", "Dinas Komunikasi dan Informatika")
    steward = _user(f"walidata@{slug}.example.id", "Walidata Diskominfo", "walidata", kominfo, walidata_password)
    dinkes = _opd("DINKES", "Dinas Kesehatan")
    producer = _user(f"produsen@{slug}.example.id", "Produsen Data Dinas Kesehatan", "produsen_data", dinkes,
                     producer_password)
    tenant_db.session.commit()
    permissions = frozenset({PRODUCE, WALIDATA})
    for index, (short, opd_name, title, topic, tags, variable) in enumerate(DEMO_DATASETS):
        opd = _opd(short, opd_name)
        if tenant_db.session.scalar(select(DataPlan.id).where(DataPlan.title == title)) is None:
            tenant_db.session.add(DataPlan(opd_id=opd.id, title=title, frequency="tahunan", priority=True))
            tenant_db.session.flush()
        if tenant_db.session.scalar(select(Dataset.id).where(Dataset.title == title)) is not None:
            continue
        plan_id = tenant_db.session.scalar(select(DataPlan.id).where(DataPlan.title == title))
        meta = {"title": title, "notes": f"{title} di {current_tenant.official_name}, dari {opd_name}.",
                "topic": topic, "frequency": "tahunan", "tags": list(tags), "temporal_start": 2023,
                "temporal_end": 2024, "spatial": current_tenant.region_code, "contact": f"Seksi Data {opd_name}",
                "variables": [KECAMATAN_VARIABLE, YEAR_VARIABLE, variable]}
        dataset = datasets.create_dataset(steward, permissions, meta, opd_id=opd.id, plan_id=plan_id)
        version = dataset.versions[0]
        datasets.store_table(version, check_table_upload(_table(variable, index + 1), f"{dataset.name}.csv"), title)
        datasets.submit(version, producer if opd.id == dinkes.id else steward, permissions)
        review.publish_version(version, steward)
    for offer in living.offers():
        if offer.chosen is None:
            living.choose(offer.key, kominfo.id, permissions)
    tenant_db.session.commit()
    return [("walidata", steward.email, walidata_password), ("produsen data", producer.email, producer_password)]
