"""The park itself: its texts, attractions and facilities, and its entry tickets, which are
registered with Kunjungan (through its api) when the module is enabled."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from kiblat.modules.kunjungan import api as kunjungan
from kiblat.modules.taman_buah.models import Commodity, Feature, Park, Price
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db

PLACE_KEY = "taman-buah"
TICKET_TYPES = (("dewasa", "Dewasa", 15_000), ("anak", "Anak (3–12 tahun)", 10_000),
                ("pelajar", "Rombongan pelajar (per orang)", 7_500), ("balita", "Balita (di bawah 3 tahun)", 0))
# Sessions of two hours; weekends and holidays take twice the visitors.
SLOTS = (("08:00", "10:00"), ("10:00", "12:00"), ("13:00", "15:00"), ("15:00", "17:00"))
SLOT_CAPACITY, PEAK_CAPACITY = 150, 300
# North Sumatran fruit picked by weight: season months and the 2026 price per kg.
COMMODITIES = (
    ("durian", "Durian", "12,1,2", 45_000, "kg"),
    ("rambutan", "Rambutan", "11,12,1,2", 15_000, "kg"),
    ("jambu_madu", "Jambu madu", "1,2,3,4,5,6,7,8,9,10,11,12", 25_000, "kg"),
    ("stroberi", "Stroberi", "1,2,3,4,5,6,7,8,9,10,11,12", 100_000, "ons"),
    ("jeruk", "Jeruk", "6,7,8,9", 20_000, "kg"),
    ("manggis", "Manggis", "1,2,3", 25_000, "kg"),
)
FEATURES = (
    ("attraction", "Petik buah sendiri", "Petik durian, rambutan, jambu madu dan stroberi langsung dari pohonnya; "
                                         "ditimbang dan dibayar di pos timbang."),
    ("attraction", "Kebun edukasi", "Belajar menanam dan merawat pohon buah bersama petani; cocok untuk rombongan sekolah."),
    ("attraction", "Jalur jalan kaki", "Jalur teduh 1,5 km mengelilingi kebun dan kolam."),
    ("facility", "Parkir", "Parkir mobil dan bus rombongan."),
    ("facility", "Musala", ""),
    ("facility", "Toilet", ""),
    ("facility", "Pondok makan", "Pondok untuk makan bersama keluarga."),
)
SEED_EFFECTIVE_FROM = datetime(2026, 1, 1, tzinfo=UTC)


def seed() -> None:
    """The park, its tickets, features and commodities with a first price; idempotent."""
    session = tenant_db.session
    name = f"Taman Buah {current_tenant.short_name}"
    if session.scalar(select(Park.id).limit(1)) is None:
        session.add(Park(name=name, place_key=PLACE_KEY, opening_hours="Setiap hari 08.00–17.00",
                         about="Agrowisata kebun buah milik pemerintah daerah: petik sendiri, timbang, bawa pulang.",
                         directions="Ikuti papan penunjuk Taman Buah dari jalan utama kabupaten."))
        session.add_all(Feature(kind=kind, name=title, description=text, position=i)
                        for i, (kind, title, text) in enumerate(FEATURES))
    place = kunjungan.ensure_place(PLACE_KEY, "taman_buah", name)
    for position, (key, label, price) in enumerate(TICKET_TYPES):
        kunjungan.ensure_ticket_type(place, key, label, price, position)
    if not kunjungan.rules(place.id):
        for starts, ends in SLOTS:
            kunjungan.add_slot_rule(place, starts, ends, SLOT_CAPACITY, peak_capacity=PEAK_CAPACITY)
    present = set(session.scalars(select(Commodity.key)))
    month = datetime.now(UTC).month
    for position, (key, label, season, price, unit) in enumerate(COMMODITIES):
        if key in present:
            continue
        months = {int(m) for m in season.split(",")}
        status = "ripe" if month in months else "soon" if month % 12 + 1 in months else "out"
        commodity = Commodity(key=key, name=label, season=season, status=status, unit=unit, position=position)
        session.add(commodity)
        session.flush()
        session.add(Price(commodity_id=commodity.id, price_per_kg=price, effective_from=SEED_EFFECTIVE_FROM))
    session.flush()


def park() -> Park:
    return tenant_db.session.scalar(select(Park).limit(1))


def features(kind: str) -> list[Feature]:
    return list(tenant_db.session.scalars(select(Feature).where(Feature.kind == kind).order_by(Feature.position)))


def update(name: str, about: str, opening_hours: str, address: str, directions: str) -> Park:
    found = park()
    found.name, found.about, found.opening_hours = name.strip()[:160], about.strip(), opening_hours.strip()[:300]
    found.address, found.directions = address.strip()[:300], directions.strip()
    tenant_db.session.commit()
    return found
