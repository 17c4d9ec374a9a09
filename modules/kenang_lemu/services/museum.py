"""The museum itself: its profile, its collections, and its visits, registered with Kunjungan
(through its api) when the module is enabled."""

from __future__ import annotations

from sqlalchemy import select

from kiblat.modules.kenang_lemu.models import Collection, Museum
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
