"""The museum itself: its profile, its collections, and its visits, registered with Kunjungan
(through its api) when the module is enabled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from kiblat.modules.kenang_lemu.models import Collection, Museum
from kiblat.modules.kenang_lemu.services import catalogue
from kiblat.modules.kenang_lemu.services.errors import KenangLemuError
from kiblat.modules.kunjungan import api as kunjungan
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

PLACE_KEY = "museum"
# Individual visitors and school groups (a teacher books for the class).
TICKET_TYPES = (("umum", "Pengunjung umum", 5_000), ("pelajar", "Pelajar (rombongan sekolah, per orang)", 2_000),
                ("anak", "Anak di bawah 6 tahun", 0))
SLOTS = (("09:00", "11:00"), ("11:00", "13:00"), ("13:00", "15:00"))
SLOT_CAPACITY, PEAK_CAPACITY = 60, 90
# Open Tuesday to Sunday; Monday the galleries are cleaned.
WEEKDAYS = "234567"
COLLECTIONS = (
    ("etnografi", "Etnografi", "Ethnography"),
    ("arkeologi", "Arkeologi", "Archaeology"),
    ("sejarah", "Sejarah", "History"),
    ("numismatik", "Numismatik", "Numismatics"),
    ("keramik", "Keramik", "Ceramics"),
    ("seni-rupa", "Seni rupa", "Fine arts"),
)


def seed() -> None:
    """The museum's profile, its collections and its visits; idempotent."""
    session = tenant_db.session
    name = f"Museum {current_tenant.short_name}"
    if session.scalar(select(Museum.id).limit(1)) is None:
        session.add(Museum(name=name, place_key=PLACE_KEY, opening_hours="Selasa–Minggu 09.00–15.00",
                           about="Museum daerah yang menyimpan dan memamerkan warisan budaya kabupaten."))
    present = set(session.scalars(select(Collection.key)))
    session.add_all(Collection(key=key, name=label, name_en=label_en, position=i)
                    for i, (key, label, label_en) in enumerate(COLLECTIONS) if key not in present)
    place = kunjungan.ensure_place(PLACE_KEY, "kenang_lemu", name)
    for position, (key, label, price) in enumerate(TICKET_TYPES):
        kunjungan.ensure_ticket_type(place, key, label, price, position)
    if not kunjungan.rules(place.id):
        for starts, ends in SLOTS:
            kunjungan.add_slot_rule(place, starts, ends, SLOT_CAPACITY, weekdays=WEEKDAYS,
                                    peak_capacity=PEAK_CAPACITY)
    session.flush()


def museum() -> Museum:
    found = tenant_db.session.scalar(select(Museum).order_by(Museum.id).limit(1))
    if found is None:
        seed()
        found = tenant_db.session.scalar(select(Museum).order_by(Museum.id).limit(1))
    return found


def collections() -> list[Collection]:
    return list(tenant_db.session.scalars(select(Collection).order_by(Collection.position, Collection.name)))


def collection_by_key(key: str) -> Collection | None:
    return tenant_db.session.scalar(select(Collection).where(Collection.key == key))


MUSEUM_TYPES = ("", "A", "B", "C")


def update_profile(values: dict[str, str]) -> Museum:
    found = museum()
    if (values.get("museum_type") or "") not in MUSEUM_TYPES:
        raise KenangLemuError("Tipe museum harus A, B atau C.")
    if not (values.get("name") or "").strip():
        raise KenangLemuError("Nama museum wajib diisi.")
    for name in ("name", "about", "about_en", "registration_number", "museum_type", "address", "contact",
                 "opening_hours"):
        if name in values:
            setattr(found, name, (values[name] or "").strip())
    tenant_db.session.commit()
    return found


@dataclass(frozen=True)
class YearFigures:
    year: int
    catalogued: int
    published: int
    visitors_by_month: list[tuple[int, int]]  # (month 1–12, tickets paid)

    @property
    def visitors(self) -> int:
        return sum(n for _, n in self.visitors_by_month)


def year_figures(year: int) -> YearFigures:
    """Objects catalogued and published (now) and paid visitors per month of ``year`` from Kunjungan."""
    found = museum()
    months = dict.fromkeys(range(1, 13), 0)
    place = kunjungan.place_by_key(found.place_key)
    if place is not None:
        for figures in kunjungan.visitors_per_day(place.id, date(year, 1, 1), date(year, 12, 31)):
            months[figures.day.month] += figures.booked
    return YearFigures(year, catalogue.count(), catalogue.count(published_only=True), sorted(months.items()))
