"""The desa registry: every desa of the regency (the core ``desa`` table) with the status its
latest verified survey gives it.

Status from one survey: **connected** when an operator offers 4G/LTE with a strong or very
strong signal (BPS categories) or the desa has fibre; **limited** when there is some signal
(weak 4G, 3G, 2G) or only satellite internet; **blankspot** when no operator has a signal and
there is no fixed internet. A desa without a verified survey is **unknown**.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kiblat.modules.desa_terhubung.models import Survey
from kiblat.platform.core.texts import _
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa, Kecamatan

STATUS_ORDER = ("connected", "limited", "blankspot", "unknown")


def status_of(survey: Survey | None) -> str:
    """The connectivity status one survey describes."""
    if survey is None:
        return "unknown"
    signals = survey.signals
    if survey.fixed_internet == "fibre" or any(
            s.technology == "4g" and s.strength in ("strong", "very_strong") for s in signals):
        return "connected"
    if survey.fixed_internet == "satellite" or any(s.technology != "none" for s in signals):
        return "limited"
    return "blankspot"


def best_technology(survey: Survey | None) -> str:
    if survey is None:
        return ""
    for technology in ("4g", "3g", "2g"):
        if any(s.technology == technology for s in survey.signals):
            return technology
    return "none"


@dataclass(frozen=True)
class DesaStatus:
    code: str
    name: str
    kecamatan_code: str
    kecamatan_name: str
    status: str
    survey: Survey | None  # the latest verified survey, or None

    @property
    def kelurahan(self) -> bool:
        return self.code.rsplit(".", 1)[-1].startswith("1")

    @property
    def as_of(self) -> date | None:
        return self.survey.observed_on if self.survey else None


def latest_verified() -> dict[str, Survey]:
    """Desa code → its latest verified survey (by the day observed, then the later record)."""
    latest: dict[str, Survey] = {}
    rows = tenant_db.session.scalars(
        select(Survey).where(Survey.status == "verified").options(selectinload(Survey.signals))
        .order_by(Survey.desa_code, Survey.observed_on, Survey.id))
    for survey in rows:
        latest[survey.desa_code] = survey
    return latest


def all_desa() -> list[DesaStatus]:
    """Every desa of the regency, by kecamatan and name, with its status."""
    latest = latest_verified()
    rows = tenant_db.session.execute(
        select(Desa.code, Desa.name, Kecamatan.code, Kecamatan.name)
        .join(Kecamatan, Desa.kecamatan_code == Kecamatan.code).order_by(Kecamatan.name, Desa.name))
    return [DesaStatus(code, name, kec_code, kec_name, status_of(latest.get(code)), latest.get(code))
            for code, name, kec_code, kec_name in rows]


def one(code: str) -> DesaStatus | None:
    row = tenant_db.session.execute(
        select(Desa.code, Desa.name, Kecamatan.code, Kecamatan.name)
        .join(Kecamatan, Desa.kecamatan_code == Kecamatan.code).where(Desa.code == code)).first()
    if row is None:
        return None
    survey = tenant_db.session.scalar(
        select(Survey).where(Survey.desa_code == code, Survey.status == "verified")
        .order_by(Survey.observed_on.desc(), Survey.id.desc()).limit(1))
    return DesaStatus(row[0], row[1], row[2], row[3], status_of(survey), survey)


def counts(rows: list[DesaStatus] | None = None) -> dict[str, int]:
    counter = Counter(row.status for row in (rows if rows is not None else all_desa()))
    return {status: counter.get(status, 0) for status in STATUS_ORDER}


@dataclass(frozen=True)
class KecamatanCounts:
    code: str
    name: str
    counts: dict[str, int]


def per_kecamatan(rows: list[DesaStatus]) -> list[KecamatanCounts]:
    """Counts per status for every kecamatan, by name."""
    grouped: dict[str, list[DesaStatus]] = {}
    names: dict[str, str] = {}
    for row in rows:
        grouped.setdefault(row.kecamatan_code, []).append(row)
        names[row.kecamatan_code] = row.kecamatan_name
    return sorted((KecamatanCounts(code, names[code], counts(group)) for code, group in grouped.items()),
                  key=lambda k: k.name)


def kecamatan_list() -> list[Kecamatan]:
    return list(tenant_db.session.scalars(select(Kecamatan).order_by(Kecamatan.name)))


def desa_of_kecamatan(kecamatan_code: str) -> list[Desa]:
    return list(tenant_db.session.scalars(
        select(Desa).where(Desa.kecamatan_code == kecamatan_code).order_by(Desa.name)))


def home_summary() -> str | None:
    """One public line for the regency's home page."""
    found = counts()
    total = sum(found.values())
    if total == 0 or found["unknown"] == total:
        return None
    return _("%(connected)s dari %(total)s desa terhubung 4G", connected=found["connected"], total=total)
