"""Provinces and kabupaten/kota of Indonesia, in the control plane."""

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kiblat.platform.core.extensions import db


class Province(db.Model):
    __tablename__ = "regions_province"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    time_zone: Mapped[str] = mapped_column(String(40))


class Regency(db.Model):
    """A kabupaten or kota (Kemendagri code ``PP.RR``)."""

    __tablename__ = "regions_regency"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    province_code: Mapped[str] = mapped_column(ForeignKey("regions_province.code"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    population: Mapped[int | None] = mapped_column(Integer, nullable=True)
