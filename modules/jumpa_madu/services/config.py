"""Banks, service areas, categories with their price history, pickup windows, policy."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from kiblat.modules.jumpa_madu.models import (
    BankPolicy,
    PickupWindow,
    WasteBank,
    WasteBankArea,
    WasteCategory,
    WastePrice,
)
from kiblat.modules.jumpa_madu.services.errors import JumpaMaduError, ServiceAreaError
from kiblat.platform.identity.audit.service import record
from kiblat.tenants.context import current_tenant
from kiblat.tenants.database import tenant_db
from kiblat.tenants.local_regions import Desa, Kecamatan

# Prices per kg (Rupiah) typical of North Sumatran waste banks in 2026.
DEFAULT_CATEGORIES = (
    ("botol_pet", "Botol plastik PET bening", "Plastik", 3_500),
    ("plastik_keras", "Plastik keras (HDPE/PP)", "Plastik", 2_500),
    ("gelas_plastik", "Gelas plastik air mineral", "Plastik", 4_000),
    ("kardus", "Kardus", "Kertas", 2_000),
    ("kertas_hvs", "Kertas HVS/arsip", "Kertas", 2_500),
    ("koran", "Koran dan majalah", "Kertas", 1_800),
    ("kaleng", "Kaleng aluminium", "Logam", 12_000),
    ("besi", "Besi dan seng", "Logam", 3_000),
    ("tembaga", "Tembaga", "Logam", 80_000),
    ("botol_kaca", "Botol kaca", "Kaca", 500),
    ("minyak_jelantah", "Minyak jelantah", "Lainnya", 5_000),
)
DEFAULT_WINDOWS = (("Pagi", "08:00", "10:00"), ("Siang", "10:00", "12:00"), ("Sore", "14:00", "16:00"))
SEED_EFFECTIVE_FROM = datetime(2026, 1, 1, tzinfo=UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite returns naive datetimes (stored as UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def seed() -> None:
    """Categories with a first price, windows and the policy row; idempotent, never overwrites."""
    session = tenant_db.session
    present = set(session.scalars(select(WasteCategory.key)))
    # Every missing category in one flush (one INSERT), then their first prices in another.
    added = [(WasteCategory(key=key, name=name, group=group), price)
             for key, name, group, price in DEFAULT_CATEGORIES if key not in present]
    session.add_all(category for category, _ in added)
    session.flush()
    session.add_all(WastePrice(category_id=category.id, price_per_kg=price, effective_from=SEED_EFFECTIVE_FROM)
                    for category, price in added)
    if session.scalar(select(PickupWindow.id).limit(1)) is None:
        session.add_all(PickupWindow(label=label, starts=a, ends=b) for label, a, b in DEFAULT_WINDOWS)
    if session.scalar(select(BankPolicy.id).limit(1)) is None:
        session.add(BankPolicy(min_withdrawal=10_000, max_unconfirmed_grams=500_000))
    session.flush()


def seed_regency() -> None:
    """The manifest's ``seed``: categories, windows and policy, and a bank sampah induk serving
    the whole regency (every kecamatan) unless the regency has banks already."""
    seed()
    session = tenant_db.session
    if session.scalar(select(WasteBank.id).limit(1)) is not None:
        return
    kecamatan = tuple(session.scalars(select(Kecamatan.code).order_by(Kecamatan.code)))
    # What add_bank checks holds here already (no bank yet, the areas just read from the
    # tenant's own kecamatan): the bank is inserted without asking the database again.
    _insert_bank("BSI", f"Bank Sampah Induk {current_tenant.short_name}", "induk", None, kecamatan,
                 f"Kantor DLH {current_tenant.short_name}")


def policy() -> BankPolicy:
    found = tenant_db.session.scalar(select(BankPolicy).order_by(BankPolicy.id).limit(1))
    return found or BankPolicy(min_withdrawal=10_000, max_unconfirmed_grams=500_000)


def add_bank(code: str, name: str, kind: str = "unit", parent_code: str | None = None,
             areas: tuple[str, ...] = (), address: str = "") -> WasteBank:
    """A bank sampah serving the given kecamatan/desa codes (flushes; the caller commits)."""
    session = tenant_db.session
    if kind not in ("induk", "unit"):
        raise JumpaMaduError("Jenis bank sampah harus induk atau unit.")
    if session.scalar(select(WasteBank.id).where(WasteBank.code == code)):
        raise JumpaMaduError(f"Kode bank sampah {code} sudah dipakai.")
    parent = None
    if parent_code:
        parent = session.scalar(select(WasteBank).where(WasteBank.code == parent_code))
        if parent is None:
            raise JumpaMaduError(f"Bank sampah induk {parent_code} tidak ditemukan.")
    unknown = _unknown_regions(areas)
    if unknown:
        raise JumpaMaduError(f"Wilayah {unknown[0]} bukan kecamatan/desa kabupaten/kota ini.")
    return _insert_bank(code, name, kind, parent.id if parent else None, areas, address)


def _insert_bank(code: str, name: str, kind: str, parent_id: int | None, areas: tuple[str, ...],
                 address: str) -> WasteBank:
    session = tenant_db.session
    bank = WasteBank(code=code, name=name, kind=kind, parent_id=parent_id, address=address)
    session.add(bank)
    session.flush()
    session.add_all(WasteBankArea(bank_id=bank.id, region_code=area) for area in areas)
    session.flush()
    return bank


def _unknown_regions(codes: tuple[str, ...]) -> list[str]:
    """The codes that are no kecamatan or desa of the current tenant, in order (two queries
    for any number of codes: a regency's induk bank serves every kecamatan)."""
    known: set[str] = set()
    for model, level in ((Kecamatan, [c for c in codes if c.count(".") == 2]),
                         (Desa, [c for c in codes if c.count(".") != 2])):
        if level:
            known.update(tenant_db.session.scalars(select(model.code).where(model.code.in_(level))))
    return [code for code in codes if code not in known]


def bank_for_desa(desa_code: str) -> WasteBank:
    """The active bank serving the desa (a desa-level area beats a kecamatan; a unit beats the induk)."""
    kecamatan = desa_code.rsplit(".", 1)[0]
    rows = tenant_db.session.execute(
        select(WasteBank, WasteBankArea.region_code).join(WasteBankArea, WasteBankArea.bank_id == WasteBank.id)
        .where(WasteBank.active.is_(True), WasteBankArea.region_code.in_((desa_code, kecamatan)))
    ).all()
    if not rows:
        raise ServiceAreaError(
            "Alamat ini di luar wilayah layanan bank sampah; hubungi DLH untuk bank sampah terdekat."
        )
    rows.sort(key=lambda r: (r[1] != desa_code, r[0].kind != "unit", r[0].id))
    return rows[0][0]


def set_price(category_key: str, price_per_kg: int, effective_from: datetime) -> WastePrice:
    """Add a price from ``effective_from`` on; earlier prices stay as history (commits)."""
    session = tenant_db.session
    category = session.scalar(select(WasteCategory).where(WasteCategory.key == category_key))
    if category is None:
        raise JumpaMaduError(f"Jenis sampah {category_key!r} tidak dikenal.")
    if not isinstance(price_per_kg, int) or price_per_kg < 0 or price_per_kg > 10_000_000:
        raise JumpaMaduError("Harga per kg harus bilangan bulat Rupiah antara 0 dan 10.000.000.")
    effective_from = as_utc(effective_from)
    if session.scalar(select(WastePrice.id).where(WastePrice.category_id == category.id,
                                             WastePrice.effective_from == effective_from)):
        raise JumpaMaduError("Sudah ada harga yang berlaku mulai waktu itu untuk jenis sampah ini.")
    price = WastePrice(category_id=category.id, price_per_kg=price_per_kg, effective_from=effective_from)
    session.add(price)
    session.flush()
    record("jumpa_madu.price", "jumpa_madu_price", price.id, category=category_key,
           price_per_kg=price_per_kg, effective_from=effective_from.isoformat())
    session.commit()
    return price


def price_at(category_id: int, moment: datetime) -> WastePrice | None:
    """The price valid at ``moment``: the latest one whose ``effective_from`` is not after it."""
    return tenant_db.session.scalar(
        select(WastePrice).where(WastePrice.category_id == category_id, WastePrice.effective_from <= as_utc(moment))
        .order_by(WastePrice.effective_from.desc()).limit(1)
    )


def price_list(moment: datetime | None = None) -> list[tuple[WasteCategory, WastePrice | None]]:
    moment = moment or datetime.now(UTC)
    categories = tenant_db.session.scalars(
        select(WasteCategory).where(WasteCategory.active.is_(True)).order_by(WasteCategory.group, WasteCategory.name)
    )
    return [(c, price_at(c.id, moment)) for c in categories]


def windows() -> list[PickupWindow]:
    return list(tenant_db.session.scalars(select(PickupWindow).where(PickupWindow.active.is_(True)).order_by(PickupWindow.starts)))


def categories_by_key() -> dict[str, WasteCategory]:
    return {c.key: c for c in tenant_db.session.scalars(select(WasteCategory).where(WasteCategory.active.is_(True)))}
