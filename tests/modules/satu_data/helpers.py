"""Shared set-up for Satu Data tests: OPDs, producers, the walidata and tables."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from kiblat.modules.satu_data.services import datasets
from kiblat.platform.identity.accounts import create_user
from kiblat.platform.identity.models import Opd, User
from kiblat.platform.identity.roles import permissions_for
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Kecamatan

VARIABLES_TEXT = ("kode_kecamatan; Kode Kemendagri kecamatan; ; kode_wilayah\n"
                  "tahun; Tahun pencatatan; tahun; bilangan\n"
                  "jumlah; Jumlah puskesmas; unit; bilangan")


def opd(short_name: str) -> Opd:
    found = tenant_db.session.scalar(select(Opd).where(Opd.short_name == short_name))
    if found is None:
        found = Opd(name=f"Dinas {short_name}", short_name=short_name)
        tenant_db.session.add(found)
        tenant_db.session.commit()
    return found


def person(role: str, short_name: str = "DINKES") -> User:
    user = create_user(name=f"{role} {short_name}", role=role, opd_id=opd(short_name).id,
                       email=f"{role}.{secrets.token_hex(4)}@example.id")
    tenant_db.session.commit()
    return user


def perms(user: User) -> frozenset[str]:
    return permissions_for(user.role_keys, current_tenant)


def kecamatan_codes(n: int = 3) -> list[str]:
    return list(tenant_db.session.scalars(select(Kecamatan.code).order_by(Kecamatan.code).limit(n)))


def csv_table(rows: list[tuple]) -> bytes:
    lines = ["kode_kecamatan,tahun,jumlah"] + [",".join(str(c) for c in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def good_csv() -> bytes:
    return csv_table([(code, 2024, i + 1) for i, code in enumerate(kecamatan_codes())])


def meta(title: str = "Jumlah puskesmas per kecamatan", **extra) -> dict:
    from kiblat.modules.satu_data.services.metadata import parse_variables

    return {"title": title, "notes": "Data fasilitas kesehatan", "topic": "kesehatan", "frequency": "tahunan",
            "tags": ["kesehatan", "puskesmas"], "temporal_start": 2024, "temporal_end": 2024,
            "variables": [v.as_dict() for v in parse_variables(VARIABLES_TEXT)], **extra}


def published_dataset(producer: User, walidata: User, title: str, name: str | None = None, private: bool = False,
                      **extra):
    """A dataset submitted by ``producer`` and published by ``walidata``."""
    from kiblat.modules.satu_data.services import review

    dataset = datasets.create_dataset(producer, perms(producer), meta(title, **extra), name=name, private=private)
    version = dataset.versions[0]
    datasets.add_table(version, producer, perms(producer), "data.csv", good_csv())
    datasets.submit(version, producer, perms(producer))
    review.publish(version, walidata, perms(walidata))
    return dataset
