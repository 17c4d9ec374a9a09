"""The regency's list of business activities (KBLI 2020 codes most common for micro businesses)."""

from __future__ import annotations

import re

from sqlalchemy import select

from kiblat.modules.jus_melon.models import Activity
from kiblat.tenants.database import tenant_db

DEFAULT_ACTIVITIES = (
    ("47111", "Perdagangan eceran berbagai macam barang (toko kelontong)"),
    ("56101", "Restoran dan rumah makan"),
    ("56102", "Warung makan"),
    ("56103", "Kedai makanan"),
    ("10792", "Industri kue basah"),
    ("10710", "Industri produk roti dan kue"),
    ("13921", "Industri barang jadi tekstil untuk keperluan rumah tangga"),
    ("14111", "Industri pakaian jadi (konveksi)"),
    ("45407", "Reparasi dan perawatan sepeda motor"),
    ("96021", "Jasa pangkas rambut dan salon kecantikan"),
    ("01131", "Pertanian hortikultura sayuran"),
    ("03221", "Pembesaran ikan air tawar di kolam"),
)
CODE_RE = re.compile(r"^\d{5}$")


class ActivityError(ValueError):
    pass


def seed() -> None:
    session = tenant_db.session
    present = set(session.scalars(select(Activity.code)))
    for code, name in DEFAULT_ACTIVITIES:
        if code not in present:
            session.add(Activity(code=code, name=name))
    session.flush()


def every() -> list[Activity]:
    """Active and inactive, by code (the admin's list)."""
    return list(tenant_db.session.scalars(select(Activity).order_by(Activity.code)))


def active() -> list[Activity]:
    return list(tenant_db.session.scalars(select(Activity).where(Activity.active.is_(True)).order_by(Activity.code)))


def add(code: str, name: str) -> Activity:
    code, name = code.strip(), name.strip()
    if not CODE_RE.match(code):
        raise ActivityError("Kode KBLI harus 5 angka")
    if not name:
        raise ActivityError("Nama kegiatan wajib diisi")
    if tenant_db.session.scalar(select(Activity).where(Activity.code == code)) is not None:
        raise ActivityError(f"Kode {code} sudah ada")
    activity = Activity(code=code, name=name[:200])
    tenant_db.session.add(activity)
    tenant_db.session.flush()
    return activity


def set_active(activity_id: int, active_flag: bool) -> Activity:
    activity = tenant_db.session.get(Activity, activity_id)
    if activity is None:
        raise ActivityError("Kegiatan tidak ditemukan")
    activity.active = active_flag
    tenant_db.session.flush()
    return activity
