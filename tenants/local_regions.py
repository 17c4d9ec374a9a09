"""The tenant's own kecamatan and desa/kelurahan, copied into its schema when it is created."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, delete, func, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from kiblat.platform.regions.data import subregions_of_regency
from kiblat.tenants.database import TenantModel


class Kecamatan(TenantModel):
    __tablename__ = "kecamatan"

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class Desa(TenantModel):
    """A desa or kelurahan (codes ``PP.RR.KK.1xxx`` are kelurahan, ``2xxx`` desa)."""

    __tablename__ = "desa"

    code: Mapped[str] = mapped_column(String(13), primary_key=True)
    kecamatan_code: Mapped[str] = mapped_column(ForeignKey("kecamatan.code"), index=True)
    name: Mapped[str] = mapped_column(String(100))


def load_local_regions(session: Session, regency_code: str) -> tuple[int, int, int]:
    """Copy the regency's kecamatan and desa into the tenant; idempotent. Returns the kecamatan
    and desa copied and how many desa the tenant had before."""
    kecamatan, desa = subregions_of_regency(regency_code)
    # Both counts in one statement; a new tenant's empty tables are not cleared first.
    present_desa, present_kecamatan = session.execute(
        select(select(func.count()).select_from(Desa).scalar_subquery(),
               select(func.count()).select_from(Kecamatan).scalar_subquery())
    ).one()
    if present_desa == len(desa) and present_kecamatan == len(kecamatan):
        return len(kecamatan), len(desa), present_desa
    if present_desa:
        session.execute(delete(Desa))
    if present_kecamatan:
        session.execute(delete(Kecamatan))
    if kecamatan:
        session.execute(insert(Kecamatan), [{"code": r.code, "name": r.name} for r in kecamatan])
    if desa:
        session.execute(
            insert(Desa),
            [{"code": r.code, "kecamatan_code": r.code.rsplit(".", 1)[0], "name": r.name} for r in desa],
        )
    return len(kecamatan), len(desa), present_desa
